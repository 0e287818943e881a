package com.omnichannel.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.testing.TestWebhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent console in a real browser against the real API: a person signs in, sees a contact's
 * message arrive live, takes the conversation over, answers, follows the answer's delivery, retries
 * a failed one and resolves; the API confirms each step. No gateway runs here, so the provider's
 * status webhook moves the deliveries.
 */
@ApiIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentConsoleTest {

  static final String ACME_KEY = "acme-demo-key";
  static final String PUBLIC_URL = "https://203.0.113.10/messages";

  @LocalServerPort int port;
  @Autowired JsonMapper json;

  final HttpClient http = HttpClient.newHttpClient();
  ConsoleBrowser browser;

  @BeforeAll
  void startBrowser() {
    browser = ConsoleBrowser.start();
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpResponse<String> call(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    return call(method, path, key, body, Map.of());
  }

  HttpResponse<String> call(
      String method, String path, String key, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url(path)));
    headers.forEach(request::header);
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = call("GET", path, ACME_KEY, null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return json.readTree(response.body());
  }

  JsonNode post(TestWebhook webhook) throws IOException, InterruptedException {
    HttpResponse<String> response =
        call("POST", webhook.path(), null, webhook.json(), webhook.headers());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return json.readTree(response.body());
  }

  JsonNode messageWithText(long conversation, String text)
      throws IOException, InterruptedException {
    return StreamSupport.stream(
            get("/conversations/" + conversation + "/messages?limit=200").spliterator(), false)
        .filter(m -> text.equals(m.get("content").asString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no message " + text));
  }

  /**
   * A channel of Acme's that delivers to a public address, where nothing answers: with no gateway
   * running, its messages stay pending until the provider's status webhook moves them.
   */
  JsonNode newChannel() throws IOException, InterruptedException {
    HttpResponse<String> response =
        call(
            "POST",
            "/companies/1/channels",
            ACME_KEY,
            "{\"name\": \"Console test\", \"type\": \"sms\", \"outbound_url\": \"%s\"}"
                .formatted(PUBLIC_URL));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body());
  }

  By message(long id) {
    return By.cssSelector("#messages li[data-message-id='" + id + "']");
  }

  void signIn(String key) {
    browser.open(url("/console/"));
    browser.labelled("API key").sendKeys(key);
    browser.button("Sign in").click();
  }

  void signOutIfSignedIn() {
    if (!browser.driver.findElements(ConsoleBrowser.buttonLocator("Sign out")).isEmpty()
        && browser.driver.findElement(ConsoleBrowser.buttonLocator("Sign out")).isDisplayed()) {
      browser.button("Sign out").click();
    }
  }

  @Test
  void aWrongKeyShowsTheApisOwnMessage() throws Exception {
    browser.open(url("/console/"));
    signOutIfSignedIn();
    String apiSays =
        json.readTree(call("GET", "/companies/me", "not-a-key", null).body())
            .get("detail")
            .asString();

    signIn("not-a-key");

    browser.waitForText(By.id("sign-in-error"), apiSays);
    assertThat(browser.labelled("API key").isDisplayed()).isTrue();
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("not-a-key");
  }

  @Test
  void anAgentWatchesTakesOverAnswersAndResolves() throws Exception {
    browser.open(url("/console/"));
    signOutIfSignedIn();
    JsonNode alice =
        StreamSupport.stream(get("/companies/1/users").spliterator(), false)
            .filter(u -> u.get("role").asString().equals("agent"))
            .findFirst()
            .orElseThrow();
    JsonNode channel = newChannel();
    long channelId = channel.get("id").asLong();
    String secret = channel.get("webhook_secret").asString();
    signIn(ACME_KEY);
    browser.waitForText(By.id("live"), "Live");
    assertThat(browser.driver.getPageSource()).doesNotContain(ACME_KEY);
    assertThat(browser.driver.getCurrentUrl()).doesNotContain(ACME_KEY);

    // A contact writes; the inbox shows it without a reload.
    String question = "Where is my parcel? " + UUID.randomUUID();
    String phone = TestWebhook.newPhone();
    long conversation =
        post(TestWebhook.inbound().channel(channelId).from(phone).text(question).signedWith(secret))
            .get("id")
            .asLong();
    String row = "#conversations li[data-conversation-id='" + conversation + "']";
    By entry = By.cssSelector(row);
    By lastText = By.cssSelector(row + " .last-text");
    // The row shows the contact's phone and the last message's text from the entry itself.
    browser.waitForText(By.cssSelector(row + " .contact"), phone);
    browser.waitForText(lastText, question);
    assertThat(browser.visible(entry).getText())
        .doesNotContain("Contact #")
        .contains("AI")
        .contains("open")
        .contains("Console test");

    // Open it; take it over as Alice.
    browser.visible(entry).findElement(By.tagName("button")).click();
    browser.waitForText(By.id("messages"), question);
    new Select(browser.labelled("Agent")).selectByVisibleText(alice.get("name").asString());
    browser.button("Take over").click();
    browser.button("Hand back to AI");
    assertThat(get("/conversations/" + conversation).get("owner_id").asLong())
        .isEqualTo(alice.get("id").asLong());
    browser.waitForText(entry, alice.get("name").asString());

    // Answer; its delivery moves as the provider reports it.
    String answer = "It left our warehouse today. " + UUID.randomUUID();
    browser.labelled("Message").sendKeys(answer);
    browser.button("Send").click();
    browser.waitForText(By.id("messages"), answer);
    browser.waitForText(lastText, answer);
    JsonNode sent = messageWithText(conversation, answer);
    assertThat(sent.get("sender").asString()).isEqualTo("agent");
    assertThat(sent.get("author_id").asLong()).isEqualTo(alice.get("id").asLong());
    long sentId = sent.get("id").asLong();
    browser.waitForText(message(sentId), "pending");
    post(TestWebhook.status(sentId, "delivered").channel(channelId).signedWith(secret));
    browser.waitForText(message(sentId), "delivered");

    // A second answer fails at the provider: the reason shows, and Retry queues it again.
    String second = "Tracking number follows. " + UUID.randomUUID();
    browser.labelled("Message").sendKeys(second);
    browser.button("Send").click();
    browser.waitForText(By.id("messages"), second);
    long secondId = messageWithText(conversation, second).get("id").asLong();
    String reason = "Recipient is not on WhatsApp " + UUID.randomUUID();
    post(
        TestWebhook.status(secondId, "failed")
            .channel(channelId)
            .field("error", reason)
            .signedWith(secret));
    browser.waitForText(message(secondId), reason);
    browser.screenshot("conversation");
    browser.visible(message(secondId)).findElement(By.xpath(".//button[.='Retry']")).click();
    browser.waitForText(message(secondId), "pending");
    assertThat(messageWithText(conversation, second).get("delivery_status").asString())
        .isEqualTo("pending");

    // Resolve.
    browser.button("Resolve").click();
    browser.button("Reopen");
    assertThat(get("/conversations/" + conversation).get("status").asString())
        .isEqualTo("resolved");
    browser.waitForText(entry, "resolved");

    // On a narrow window the conversation takes the whole width, with a way back to the inbox.
    browser.driver.manage().window().setSize(new Dimension(420, 860));
    browser.button("Back to inbox").click();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(entry));
    browser.screenshot("narrow");
    browser.driver.manage().window().setSize(new Dimension(1400, 900));

    browser.button("Sign out").click();
    browser.labelled("API key");
    assertThat(
            browser.driver.executeScript("return JSON.stringify(Object.entries(sessionStorage))"))
        .isEqualTo("[]");
  }

  @Test
  void theConsoleIsServedUnderAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> redirect = call("GET", "/console", null, null);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/console/");

    for (String path : new String[] {"/console/", "/console/console.js", "/console/console.css"}) {
      HttpResponse<String> page = call("GET", path, null, null);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
      assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
    String html = call("GET", "/console/", null, null).body();
    assertThat(html).contains("<label for=\"api-key\">API key</label>");
    assertThat(html).doesNotContain("<script>").doesNotContain("style=");
  }
}
