package com.omnichannel.api.console;

import com.omnichannel.testing.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in {@link HeadlessChromium}, its controls found the way a person finds them: by their
 * label or their text.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final WebDriverWait wait;

  private ConsoleBrowser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
  }

  static ConsoleBrowser start() {
    return new ConsoleBrowser(HeadlessChromium.start());
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
