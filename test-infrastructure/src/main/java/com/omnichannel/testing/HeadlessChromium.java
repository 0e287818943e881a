package com.omnichannel.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless at 1,400 × 900, driven through Debian's chromium-driver: the browser
 * the console's tests use (a test tool that downloads a browser of its own cannot here). Without
 * them the test is skipped on a developer's machine and fails in CI (where {@code CI} is set),
 * which must never skip it.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  public static ChromeDriver start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String missing =
          "The console's browser tests need Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver; .ci/run installs them)";
      if (System.getenv("CI") != null) {
        throw new AssertionError(missing);
      }
      Assumptions.abort(missing);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--window-size=1400,900");
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
        options);
  }
}
