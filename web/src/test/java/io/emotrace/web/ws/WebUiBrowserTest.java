package io.emotrace.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedData;
import io.emotrace.SharedTestData;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI end to end in a real headless Chromium (Debian {@code chromium} + {@code chromium-driver}, driven by
 * Selenium): upload a real recording, watch it analysed live and its timeline render, then change a rule in the
 * editor (inline validation first) and see its flag appear on the recording. Screenshots go to
 * {@code target/e2e-screenshots/}. Without Chromium the test is skipped, except under CI=true where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("EMOTRACE_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("EMOTRACE_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "e2e-screenshots");
    static final Duration ANALYSIS = Duration.ofMinutes(3);

    @TempDir
    static Path data;
    static EmotraceServer server;
    static WebDriver driver;
    static String recording;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String msg = "headless Chromium not installed (" + CHROMIUM + ", " + DRIVER + "): run ./emotrace setup "
                    + "or apt-get install chromium chromium-driver";
            if (SharedData.isCi()) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d);
    }

    private static void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return WsJson.MAPPER.readTree(r.body());
    }

    @Test
    @Order(1)
    void uploadWatchAndSeeTheTimeline() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-05-02-01-01-01.flac");
        driver.get(server.baseUrl() + "/");
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("conn"), "live"));
        driver.findElement(By.id("file")).sendKeys(flac.toAbsolutePath().toString());
        driver.findElement(By.id("upload")).click();
        waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches("#/r/[0-9a-f-]+$"));
        recording = driver.getCurrentUrl().replaceAll(".*#/r/", "");
        waitUpTo(ANALYSIS).until(ExpectedConditions.textToBe(By.id("rec-status"), "done"));
        JsonNode timeline = api("/api/recordings/" + recording + "/timeline");
        int expected = timeline.get("segments").size();
        assertTrue(expected > 0, "the analysis produced segments: " + timeline);
        // the page redraws as events arrive: wait for one bar per analysed segment, then read them in one go
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#timeline svg rect.seg")).size()
                == expected);
        screenshot("1-recording-timeline");
        assertEquals(flac.getFileName().toString(), driver.findElement(By.cssSelector("main h2")).getText(),
                "the page is titled with the uploaded file's name");
        @SuppressWarnings("unchecked")
        List<List<String>> bars = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#timeline svg rect.seg')]"
                        + ".map(r => [r.getAttribute('data-emotion'), r.getAttribute('fill-opacity')]);");
        JsonNode first = timeline.get("segments").get(0);
        assertEquals(first.get("emotion").asText(), bars.get(0).get(0), "coloured by its emotion");
        assertEquals(Math.max(0.15, first.get("confidence").asDouble()), Double.parseDouble(bars.get(0).get(1)),
                1e-6, "confidence as opacity");
        assertTrue(driver.findElement(By.id("report")).isDisplayed(), "a finished recording offers its report");
        // summaries load after 'done' (debounced reload); the bars may already be complete from live events
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#summaries .summary")).size() >= 1);
        int folded = driver.findElements(By.cssSelector("#transcript .folded")).stream()
                .mapToInt(e -> Integer.parseInt(e.getAttribute("data-count"))).sum();
        assertEquals(expected, driver.findElements(By.cssSelector("#transcript .line")).size() + folded,
                "one transcript line per segment, short empty ones folded into one");
        @SuppressWarnings("unchecked")
        List<List<String>> lineBadges = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#transcript .line')]"
                        + ".map(l => [...l.querySelectorAll('.flag-badge')].map(b => b.textContent));");
        for (List<String> b : lineBadges) {
            assertEquals(b.size(), new java.util.HashSet<>(b).size(), "each rule once per line: " + b);
        }
    }

    @Test
    @Order(2)
    void editARuleAndSeeItsFlagAppear() throws Exception {
        // the first test failing already fails the run; the rules engine is part of the product now, so no skip
        org.junit.jupiter.api.Assertions.assertNotNull(recording, "needs the analysed recording of the first test");
        JsonNode health = api("/api/health");
        org.junit.jupiter.api.Assertions.assertTrue(health.path("rulesEngine").asBoolean(),
                "no rules engine on the service's classpath");
        String emotion = api("/api/recordings/" + recording + "/timeline").get("segments").get(0).get("emotion")
                .asText();
        driver.get(server.baseUrl() + "/#/rules");
        WebElement doc = waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("rules-doc")));
        waitUpTo(Duration.ofSeconds(20)).until(d -> !doc.getAttribute("value").isBlank());

        setDocument(doc, ruleDocument("furious"));
        WebElement problem = waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#rule-problems li")));
        assertTrue(problem.getText().contains("/rules/0/when/emotions/0"), "inline error points at the field: "
                + problem.getText());
        assertTrue(!driver.findElement(By.id("rules-save")).isEnabled(), "an invalid document cannot be saved");
        screenshot("2-rules-inline-error");

        setDocument(doc, ruleDocument(emotion));
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#rule-problems li.error"))
                .isEmpty() && d.findElement(By.id("rules-save")).isEnabled());
        driver.findElement(By.id("rules-save")).click();
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textMatches(By.id("rules-version"),
                java.util.regex.Pattern.compile("version [1-9]")));

        driver.get(server.baseUrl() + "/#/r/" + recording);
        WebElement badge;
        try {
            badge = waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#transcript .flag-badge")));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("3-no-flag-badge");
            throw new AssertionError("no flag badge in the transcript; the service has flags "
                    + api("/api/recordings/" + recording + "/flags") + " for first-segment emotion " + emotion, e);
        }
        assertTrue(badge.getText().startsWith("e2e-"), badge.getText());
        assertTrue(driver.findElements(By.cssSelector("#timeline svg rect.flag")).size() >= 1, "flag on the timeline");
        screenshot("3-recording-with-flag");
    }

    @Test
    @Order(3)
    void theReportRendersAndPrintsToPdf() throws Exception {
        org.junit.jupiter.api.Assertions.assertNotNull(recording, "needs the analysed recording of the first test");
        int segments = api("/api/recordings/" + recording + "/timeline").get("segments").size();
        driver.get(server.baseUrl() + "/api/recordings/" + recording + "/report.html");
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.timeline")));
        assertEquals(segments, driver.findElements(By.cssSelector("svg.timeline rect.seg")).size(),
                "one timeline bar per segment");
        assertTrue(driver.findElements(By.cssSelector("table tr")).size() >= 2, "a speakers table");
        screenshot("4-report");
        org.openqa.selenium.Pdf pdf = ((org.openqa.selenium.PrintsPage) driver).print(
                new org.openqa.selenium.print.PrintOptions());
        byte[] bytes = java.util.Base64.getDecoder().decode(pdf.getContent());
        Files.write(SHOTS.resolve("report.pdf"), bytes);
        assertTrue(bytes.length > 2000 && new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("%PDF-"), "a PDF of the report");
    }

    @Test
    @Order(4)
    void nameASpeakerEnrolTheVoiceThenDeleteIt() throws Exception {
        org.junit.jupiter.api.Assertions.assertNotNull(recording, "needs the analysed recording of the first test");
        driver.get(server.baseUrl() + "/#/r/" + recording);
        waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#summaries button.name-speaker[data-speaker='S1']"))).click();
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).sendKeys("Alice Example");
        driver.switchTo().alert().accept();
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept(); // also enrol the voice
        waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#summaries .summary strong"), "Alice Example (S1)"));
        assertTrue(driver.findElement(By.id("transcript")).getText().contains("Alice Example (S1)"),
                "the transcript shows the name");
        assertEquals("Alice Example", api("/api/recordings/" + recording + "/speakers").at("/speakers/0/name").asText());
        screenshot("5-named-speaker");

        driver.get(server.baseUrl() + "/#/voices");
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("voices"),
                "Alice Example"));
        screenshot("6-voices");
        driver.findElement(By.cssSelector("#voices button.delete-voice")).click();
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("voices"),
                "no enrolled voices"));
        assertEquals(0, api("/api/speakers").get("speakers").size(), "the voiceprint is deleted");
    }

    /** A rule set with one rule flagging segments of {@code emotion} (an invalid name tests inline errors). */
    private static String ruleDocument(String emotion) {
        return "{\n  \"schemaVersion\": 1,\n  \"name\": \"e2e\",\n  \"version\": \"1\",\n  \"rules\": [\n"
                + "    { \"id\": \"e2e-emotion\", \"when\": { \"type\": \"emotion\", \"emotions\": [\"" + emotion
                + "\"] },\n      \"then\": [ { \"type\": \"flag\", \"flag\": \"e2e-seen\" } ] }\n  ]\n}\n";
    }

    /** Replaces the editor's text the way typing does (an input event follows). */
    private static void setDocument(WebElement doc, String text) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input'));", doc, text);
    }
}
