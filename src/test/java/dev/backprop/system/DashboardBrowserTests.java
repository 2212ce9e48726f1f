package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.backprop.support.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser (headless Chromium through chromedriver): paste a key, generate a
 * dataset and see its points, check a spec and see its errors beside the fields, start a job and see
 * its curves grow and its boundary drawn, cancel a job, reload a job by its address and come back to
 * it with the back button, open a model and predict a row, filter, sort, open and compare runs; screenshots
 * in target/screenshots/; no serious or critical axe-core violation on the page. Runs where Chromium
 * and chromedriver are installed (CI installs them and sets BACKPROP_TEST_BROWSER_REQUIRED=true, which
 * turns their absence into a failure).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void openBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("BACKPROP_TEST_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("Chromium and chromedriver are required: apt-get install chromium chromium-driver");
        }
        assumeTrue(installed, "no Chromium and chromedriver in /usr/bin: the browser tests are skipped");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800");
        // the browser's console, to see what the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, DEADLINE);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void set(String id, String value) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(value);
    }

    /** Points on the Chart.js curve in canvas {@code id}, dataset {@code index}. */
    private long points(String id, int index) {
        Object n = script("const c = Chart.getChart('" + id + "'); return c ? c.data.datasets[" + index + "].data.length : 0;");
        return ((Number) n).longValue();
    }

    @Test
    void aUserTrainsWatchesCancelsAndPredictsFromThePage() throws IOException {
        try {
            walkThrough();
        } catch (RuntimeException | AssertionError e) {
            screenshot("failed");
            throw new AssertionError("job: " + byId("job-status").getText() + "; errors: " + byId("train-errors").getText()
                    + "; key: " + byId("key-status").getText(), e);
        }
    }

    private void walkThrough() throws IOException {
        browser.get("http://localhost:" + port + "/");
        assertThat(browser.getTitle()).isEqualTo("Backprop dashboard");
        set("api-key", Http.ADMIN_KEY);
        byId("key-form").submit();
        wait.until(d -> byId("key-status").getText().equals("connected"));

        // a dataset, and its points
        new Select(byId("generator")).selectByVisibleText("moons");
        set("samples", "300");
        byId("generate-form").submit();
        wait.until(d -> Boolean.FALSE.equals(script("return document.getElementById('dataset-detail').hidden;")));
        wait.until(d -> points("scatter", 0) + points("scatter", 1) == 300);
        assertThat(browser.findElement(By.cssSelector("#dataset-table tbody tr")).getText()).contains("0 (150)", "1 (150)");
        screenshot("1-dataset-scatter");

        // a spec with an error: shown beside the field, nothing started
        set("t-epochs", "0");
        byId("check").click();
        wait.until(d -> byId("train-errors").getText().contains("training.epochs"));
        assertThat(byId("t-epochs").getDomAttribute("aria-invalid")).isEqualTo("true");
        screenshot("2-spec-errors");
        set("t-epochs", "1000000");
        byId("check").click();
        wait.until(d -> byId("train-errors").getText().startsWith("The spec is valid"));

        // a long job: its curves grow and its boundary is redrawn while it runs; then it is cancelled
        byId("train-form").submit();
        wait.until(d -> points("loss-chart", 0) > 0);
        long early = points("loss-chart", 0);
        wait.until(d -> byId("boundary-caption").getText().startsWith("Decision boundary while training"));
        wait.until(d -> points("loss-chart", 0) > early);
        assertThat(byId("job-status").getText()).contains("running");
        screenshot("3-job-running");
        byId("cancel").click();
        wait.until(d -> byId("job-status").getText().contains("cancelled"));
        screenshot("4-job-cancelled");

        // a short one, every epoch trained: its whole thinned history once it ends, and its model's boundary
        set("t-epochs", "3000");
        byId("t-stop").click();
        byId("train-form").submit();
        wait.until(d -> byId("job-status").getText().contains("succeeded"));
        wait.until(d -> points("loss-chart", 0) > 500);
        assertThat(points("metric-chart", 1)).as("validation metric").isGreaterThan(500);
        wait.until(d -> byId("boundary-caption").getText().equals("Decision boundary of the trained model"));
        wait.until(d -> ((Number) script("return document.getElementById('boundary').naturalWidth;")).intValue() > 0);
        screenshot("5-job-done");

        // the job has an address of its own: a reload shows it again, its whole history drawn; ended, it
        // offers no Cancel and no time left
        String jobAddress = browser.getCurrentUrl();
        assertThat(jobAddress).matches(".*#/jobs/[0-9a-f-]{36}");
        assertThat(byId("cancel").isDisplayed()).isFalse();
        assertThat(byId("job-status").getText()).doesNotContain("left");
        browser.navigate().refresh();
        wait.until(d -> byId("job-status").getText().contains("succeeded"));
        wait.until(d -> points("loss-chart", 0) > 500);
        assertThat(browser.getCurrentUrl()).isEqualTo(jobAddress);

        // the model: per-class figures, the confusion matrix, a prediction
        browser.findElement(By.cssSelector("#model-table tbody tr button")).click();
        wait.until(d -> browser.findElements(By.cssSelector("#class-table tbody tr")).size() == 2);
        wait.until(d -> ((Number) script("return document.getElementById('confusion').naturalWidth;")).intValue() > 0);
        set("predict-0", "1.5");
        set("predict-1", "-0.4");
        byId("predict-form").submit();
        wait.until(d -> byId("prediction").getText().startsWith("Predicted class: "));
        screenshot("6-model-and-prediction");
        assertThat(browser.getCurrentUrl()).matches(".*#/models/[0-9a-f-]{36}");
        // the browser's back button returns to the job's view
        browser.navigate().back();
        wait.until(d -> d.getCurrentUrl().equals(jobAddress));
        wait.until(d -> ((Number) script("return Math.abs(document.getElementById('job').getBoundingClientRect().top);"))
                .doubleValue() < 2);
        assertThat(byId("job-status").getText()).contains("succeeded");

        // a table as it comes: a CSV with text and gaps uploaded, its column kinds shown, a model trained on
        // it, and a row predicted by choosing a level and leaving a number empty
        StringBuilder table = new StringBuilder("island,bill_length_mm,sex,species\n");
        String[] islands = {"Biscoe", "Dream", "Torgersen"};
        for (int r = 0; r < 90; r++) {
            String island = islands[r % 3];
            double bill = 36 + (r * 7 % 19);
            table.append(island).append(',').append(r % 10 == 3 ? "NA" : Double.toString(bill)).append(',')
                    .append(r % 7 == 2 ? "" : r % 2 == 0 ? "male" : "female").append(',')
                    .append(island.equals("Torgersen") ? "Adelie" : bill > 45 ? "Gentoo" : "Chinstrap").append('\n');
        }
        Path csv = Files.createTempFile("penguins", ".csv");
        Files.writeString(csv, table);
        byId("upload-file").sendKeys(csv.toAbsolutePath().toString());
        set("upload-target", "species");
        byId("upload-form").submit();
        wait.until(d -> byId("upload-status").getText().matches("Uploaded penguins\\d*: 90 rows"));
        wait.until(d -> byId("feature-table").getText().contains("category"));
        assertThat(byId("feature-table").getText()).contains("Torgersen (30)", "number");
        screenshot("7-uploaded-table");
        set("t-epochs", "100");
        byId("t-stop").click(); // stopping when it overfits again
        byId("train-form").submit();
        wait.until(d -> byId("job-status").getText().startsWith("penguins")
                && byId("job-status").getText().contains("succeeded"));
        assertThat(byId("boundary-figure").isDisplayed()).as("no boundary over category columns").isFalse();
        wait.until(d -> browser.findElement(By.cssSelector("#model-table tbody tr")).getText().startsWith("penguins"));
        browser.findElement(By.cssSelector("#model-table tbody tr button")).click();
        wait.until(d -> !browser.findElements(By.cssSelector("#predict-form select")).isEmpty());
        new Select(byId("predict-0")).selectByVisibleText("Torgersen");
        byId("predict-1").clear();
        byId("predict-form").submit();
        wait.until(d -> byId("prediction").getText().contains("filled in: bill_length_mm"));
        assertThat(byId("prediction").getText()).startsWith("Predicted class: ");
        screenshot("8-prediction-by-column");

        // the runs: filtered by status, sorted, opened by their address, two compared
        browser.findElement(By.cssSelector("nav a[href='#/jobs']")).click();
        wait.until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 3);
        new Select(byId("runs-status")).selectByVisibleText("SUCCEEDED");
        wait.until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 2);
        By epochs = By.xpath("//table[@id='runs-table']/thead//button[text()='Epochs']");
        browser.findElement(epochs).click();
        wait.until(d -> "ascending".equals(d.findElement(By.cssSelector("#runs-table thead th:nth-child(7)"))
                .getDomAttribute("aria-sort")));
        List<String> names = browser.findElements(By.cssSelector("#runs-table tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        assertThat(names).as("fewest epochs first").hasSize(2).last().isEqualTo("moons");
        assertThat(names.getFirst()).startsWith("penguins");
        browser.findElement(epochs).click();
        wait.until(d -> d.findElement(By.cssSelector("#runs-table tbody tr td:nth-child(2)")).getText().equals("moons"));
        new Select(byId("runs-status")).selectByVisibleText("any");
        wait.until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 3);
        for (WebElement box : browser.findElements(By.cssSelector("#runs-table tbody tr input[type=checkbox]"))) {
            box.click();
        }
        byId("compare").click();
        wait.until(d -> byId("compare-settings").getText().contains("training.epochs (differs)"));
        // a setting the runs share is not marked
        assertThat(browser.findElements(By.xpath("//table[@id='compare-settings']/tbody/tr[th='training.loss'"
                + " and not(contains(@class, 'differs'))]"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#compare-settings thead th"))).hasSize(4);
        assertThat(byId("compare-figures").getText()).contains("cancelled", "succeeded");
        wait.until(d -> ((Number) script("const c = Chart.getChart('compare-chart'); return c ? c.data.datasets.length : 0;"))
                .intValue() >= 3);
        screenshot("9-runs-compared");
        WebElement cancelled = browser.findElement(By.xpath("//table[@id='runs-table']/tbody/tr[td[3]='cancelled']"));
        String cancelledId = cancelled.getDomAttribute("data-job");
        cancelled.findElement(By.cssSelector("td:nth-child(2) button")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/jobs/" + cancelledId));
        wait.until(d -> byId("job-status").getText().startsWith("moons: cancelled"));

        assertThat(refusedByPolicy()).as("the dashboard under its Content-Security-Policy").isEmpty();

        // accessibility, in the same browser, on the page as the user left it
        Results results = new AxeBuilder().analyze(browser);
        List<String> serious = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(DashboardBrowserTests::describe).toList();
        assertThat(serious).as("serious or critical axe-core violations").isEmpty();
        Files.writeString(Path.of("target", "screenshots", "axe.txt"), "violations: " + results.getViolations().size()
                + "\n" + String.join("\n", results.getViolations().stream().map(DashboardBrowserTests::describe).toList()));
    }

    /** What the page's console says the Content-Security-Policy refused since the last call. */
    private List<String> refusedByPolicy() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    @Test
    void swaggerUiRendersUnderTheContentSecurityPolicy() {
        browser.get("http://localhost:" + port + "/swagger-ui.html");
        wait.until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".opblock")).size()).isGreaterThan(20);
        assertThat(refusedByPolicy()).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " (" + rule.getNodes().size() + " nodes)";
    }
}
