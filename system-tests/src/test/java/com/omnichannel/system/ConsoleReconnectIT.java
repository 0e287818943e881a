package com.omnichannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.testing.HeadlessChromium;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console in Debian's headless Chromium while its API restarts: the page stays open, the
 * API process goes away and comes back on the same port, and the browser's own reconnect of the
 * same {@code EventSource} (same URL and stream token, with {@code Last-Event-ID}) shows what was
 * posted while it was away and after, each event once, without a reload. Without Chromium the test
 * is skipped on a developer's machine and fails in CI (where {@code CI} is set).
 */
class ConsoleReconnectIT {

  /** The API takes 20 to 40 s to start on a loaded machine; the page then reconnects. */
  static final Duration RESTART = Duration.ofSeconds(120);

  Stack stack;
  ServiceProcess api;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void startTheApiAndTheBrowser() {
    browser = HeadlessChromium.start();
    stack = Stack.get();
    api = ServiceProcess.api();
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theSameEventSourceResumesAfterTheApiRestartsAndShowsEveryMessageOnce() throws Exception {
    browser.get(api.uri("/console/").toString());
    wait.until(ExpectedConditions.elementToBeClickable(By.id("api-key"))).sendKeys("acme-demo-key");
    browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
    awaitLive(wait);
    String before = "before the restart " + EventFlowIT.providerId();
    webhook(new ApiClient(api.uri("").toString()), before);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversations"), before));

    browser.executeScript("window.loadedBeforeTheRestart = true;");
    int port = api.port();
    api.close();
    wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "connecting"));
    // Posted to the stack's own instance while the page's is away: the resume replays it.
    String whileAway = "while the API was away " + EventFlowIT.providerId();
    webhook(stack.client, whileAway);
    api = ServiceProcess.api(port);
    String after = "after the restart " + EventFlowIT.providerId();
    webhook(new ApiClient(api.uri("").toString()), after);

    WebDriverWait restart = new WebDriverWait(browser, RESTART);
    restart.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("conversations"), after));
    awaitLive(restart);
    assertThat(browser.findElement(By.id("conversations")).getText()).contains(whileAway, before);
    assertThat(bodyData("streams-opened")).as("EventSource objects the page made").isEqualTo("1");
    assertThat(bodyData("events-repeated")).as("events shown twice").isNull();
    assertThat(browser.executeScript("return window.loadedBeforeTheRestart === true;"))
        .as("the page was not reloaded")
        .isEqualTo(true);
  }

  private static void awaitLive(WebDriverWait wait) {
    wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
  }

  private String bodyData(String name) {
    return browser.findElement(By.tagName("body")).getDomAttribute("data-" + name);
  }

  private static void webhook(ApiClient client, String text) {
    var response =
        client.webhook(
            EventFlowIT.ACME,
            EventFlowIT.ACME_WHATSAPP,
            EventFlowIT.newPhone(),
            text,
            EventFlowIT.providerId());
    assertThat(response.status()).isEqualTo(201);
  }
}
