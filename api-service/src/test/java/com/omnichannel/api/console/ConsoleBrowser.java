package com.omnichannel.api.console;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromium-driver, finding the console's controls
 * the way a person does: by their label or their text. Without Chromium the test is skipped on a
 * developer's machine, and fails in CI (where {@code CI} is set), which must never skip it.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final WebDriverWait wait;

  private ConsoleBrowser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
  }

  static ConsoleBrowser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String missing =
          "The console's browser test needs Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver; .ci/run installs them)";
      if (System.getenv("CI") != null) {
        fail(missing);
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
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ConsoleBrowser(new ChromeDriver(service, options));
  }

  void open(String url) {
    driver.get(url);
  }

  /** The control a {@code <label>} with exactly this text names. */
  WebElement labelled(String label) {
    WebElement labelElement =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//label[normalize-space()='" + label + "']")));
    return driver.findElement(By.id(labelElement.getDomAttribute("for")));
  }

  /** The visible button with exactly this text. */
  WebElement button(String text) {
    return wait.until(ExpectedConditions.elementToBeClickable(buttonLocator(text)));
  }

  static By buttonLocator(String text) {
    return By.xpath("//button[normalize-space()='" + text + "']");
  }

  WebElement visible(By locator) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  void waitForText(By locator, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  /** A screenshot of the window as it is, under target/ (the README's is taken from one). */
  Path screenshot(String name) {
    Path file = Path.of("target", "console-" + name + ".png");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
