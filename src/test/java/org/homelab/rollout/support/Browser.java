package org.homelab.rollout.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs) for tests of what people see in Tasklist and Cockpit. Tests needing it call
 * {@code Tool.CHROMIUM.require}.
 */
public final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ChromeDriver driver;

	private Path screenshots;

	private Browser(ChromeDriver driver) {
		this.driver = driver;
	}

	public static Browser headless() {
		return headless(List.of());
	}

	/**
	 * With more of Chromium's switches, e.g. {@code --host-resolver-rules} to reach the
	 * lab's front door by its domains.
	 */
	public static Browser headless(List<String> switches) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1200");
		options.addArguments(switches);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options));
	}

	/**
	 * On close, the last page is saved there as a PNG: what the browser showed when a
	 * test failed.
	 */
	public Browser screenshotsTo(Path dir) {
		this.screenshots = dir;
		return this;
	}

	/** Waits up to {@code timeout} for the element, answering whether it showed. */
	public boolean shows(By by, Duration timeout) {
		try {
			new WebDriverWait(this.driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	/** Where the browser is now (after the redirects it followed). */
	public String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	public Browser open(String url) {
		this.driver.get(url);
		return this;
	}

	/** The element once it is visible. */
	public WebElement find(By by) {
		return new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	/**
	 * Clicks the element in the middle of the window, where no fixed header or footer
	 * covers it.
	 */
	public void click(By by) {
		WebElement element = new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.elementToBeClickable(by));
		this.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	public void type(By by, String text) {
		WebElement field = find(by);
		field.clear();
		field.sendKeys(text);
	}

	/** Waits until the page shows the text. */
	public void awaitText(String text) {
		new WebDriverWait(this.driver, WAIT).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
	}

	/**
	 * Waits until the page shows the text; a page still loading after the wait is loaded
	 * once more and waited for again. Seen once under the full suite's load: Cockpit's
	 * first load stuck on its spinner for 30 s.
	 */
	public void awaitTextReloadingOnce(String text) {
		try {
			awaitText(text);
		}
		catch (TimeoutException ex) {
			System.err.println("Browser: " + this.driver.getCurrentUrl() + " did not show '" + text + "' within " + WAIT
					+ "; loading it once more");
			this.driver.navigate().refresh();
			awaitText(text);
		}
	}

	public String text() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	public WebDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			if (this.screenshots != null) {
				Files.createDirectories(this.screenshots);
				Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(),
						this.screenshots.resolve("last-page.png"), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException | WebDriverException ex) {
			// the screenshot only helps reading a failure; never let it hide one
		}
		finally {
			this.driver.quit();
		}
	}

}
