package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * What one company may hold: one more API key, channel, user or stream token than its cap is 409
 * with a problem that names the limit, also when the creations race.
 */
@ApiIntegrationTest(
    properties = {
      "omni.limits.api-keys-per-company=3",
      "omni.limits.channels-per-company=2",
      "omni.limits.users-per-company=3",
      "omni.limits.stream-tokens-per-company=2"
    })
class CompanyLimitsTest {

  static final String ADMIN = "Bearer test-admin-token";

  @Autowired MockMvcTester mvc;

  /** A new company: its id and its first key's Authorization header. */
  record Company(long id, String key) {}

  Company newCompany(String name) throws Exception {
    MvcTestResult created = post("/admin/companies", ADMIN, "{\"name\": \"" + name + "\"}");
    assertThat(created).hasStatus(HttpStatus.CREATED);
    String body = created.getResponse().getContentAsString();
    return new Company(
        Long.parseLong(body.replaceAll("^\\{\"id\":([0-9]+),.*", "$1")),
        "Bearer " + body.replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1"));
  }

  MvcTestResult post(String path, String key, String json) {
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, key)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json)
        .exchange();
  }

  static void assertRefusedNaming(MvcTestResult result, String limit) {
    assertThat(result).hasStatus(HttpStatus.CONFLICT);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(limit);
  }

  @Test
  void theKeyPastTheCapIsRefusedAndRevokingOneMakesRoom() throws Exception {
    Company company = newCompany("Keyholders");
    String keys = "/companies/" + company.id() + "/api-keys";
    assertThat(post(keys, company.key(), "")).hasStatus(HttpStatus.CREATED);
    MvcTestResult third = post(keys, company.key(), "");
    assertThat(third).hasStatus(HttpStatus.CREATED);

    assertRefusedNaming(post(keys, company.key(), ""), "LIMIT_API_KEYS_PER_COMPANY");

    long thirdId =
        Long.parseLong(
            third.getResponse().getContentAsString().replaceAll("^\\{\"id\":([0-9]+),.*", "$1"));
    assertThat(
            mvc.delete()
                .uri(keys + "/" + thirdId)
                .header(HttpHeaders.AUTHORIZATION, company.key())
                .exchange())
        .hasStatus(HttpStatus.NO_CONTENT);
    assertThat(post(keys, company.key(), "")).hasStatus(HttpStatus.CREATED);
    assertRefusedNaming(post(keys, company.key(), ""), "LIMIT_API_KEYS_PER_COMPANY");
  }

  @Test
  void theChannelPastTheCapIsRefused() throws Exception {
    Company company = newCompany("Channelers");
    String channels = "/companies/" + company.id() + "/channels";
    for (int i = 0; i < 2; i++) {
      assertThat(post(channels, company.key(), "{\"name\": \"SMS\", \"type\": \"sms\"}"))
          .hasStatus(HttpStatus.CREATED);
    }

    assertRefusedNaming(
        post(channels, company.key(), "{\"name\": \"SMS\", \"type\": \"sms\"}"),
        "LIMIT_CHANNELS_PER_COMPANY");
  }

  @Test
  void theUserPastTheCapIsRefusedCountingTheAiUser() throws Exception {
    Company company = newCompany("Staffers");
    String users = "/companies/" + company.id() + "/users";
    for (int i = 0; i < 2; i++) {
      assertThat(post(users, company.key(), "{\"name\": \"Agent " + i + "\"}"))
          .hasStatus(HttpStatus.CREATED);
    }

    assertRefusedNaming(
        post(users, company.key(), "{\"name\": \"One too many\"}"), "LIMIT_USERS_PER_COMPANY");
  }

  @Test
  void theStreamTokenPastTheCapIsRefused() throws Exception {
    Company company = newCompany("Streamers");
    String tokens = "/companies/" + company.id() + "/stream-tokens";
    for (int i = 0; i < 2; i++) {
      assertThat(post(tokens, company.key(), "")).hasStatus(HttpStatus.CREATED);
    }

    assertRefusedNaming(post(tokens, company.key(), ""), "LIMIT_STREAM_TOKENS_PER_COMPANY");
  }

  @Test
  void racingCreationsTogetherStayWithinTheCap() throws Exception {
    Company company = newCompany("Racers");
    String channels = "/companies/" + company.id() + "/channels";
    int racers = 8;
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        statuses.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(channels, company.key(), "{\"name\": \"SMS\", \"type\": \"sms\"}")
                      .getResponse()
                      .getStatus();
                }));
      }
      start.countDown();
      List<Integer> answered = new ArrayList<>();
      for (Future<Integer> status : statuses) {
        answered.add(status.get());
      }

      assertThat(answered).filteredOn(status -> status == 201).hasSize(2);
      assertThat(answered).filteredOn(status -> status == 409).hasSize(racers - 2);
    } finally {
      pool.shutdownNow();
    }
  }
}
