package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedData;
import io.emotrace.SharedTestData;
import io.emotrace.web.ws.WebSocketExtension;
import io.emotrace.web.ws.WebUiExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rules page's form builder in a real headless Chromium, on a recording analysed with the light test stages:
 * a rule built through the form shows up in the JSON view; a JSON edit shows up in the form; broken JSON and an
 * invalid document show the server's typed errors without touching the text; a template inserts its rule and
 * keyword set; the preview lists the segments and flags the draft produces; saving stores a new version. The page
 * runs under the UI's Content-Security-Policy, and the browser must log no violation of it. Screenshots:
 * {@code target/e2e-screenshots/rules-builder/}. Without Chromium the test is skipped (fails under CI=true).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RulesBuilderChromiumTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("EMOTRACE_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("EMOTRACE_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "e2e-screenshots", "rules-builder");
    static final Duration UI = Duration.ofSeconds(15);

    static TestService service;
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
        Path data = Files.createTempDirectory("emotrace-rules-builder-e2e");
        // the light stages, with the WebSocket and the web UI mounted as `serve` mounts them
        EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                ServiceStages.light(), List.of(new WebSocketExtension(), new WebUiExtension()));
        service = new TestService(data, server, new Http(server.baseUrl()));
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-05-02-01-01-01.flac");
        recording = service.http().upload(flac).json().path("id").asText();
        JsonNode done = service.http().awaitFinished(recording, Duration.ofSeconds(120));
        assertEquals("done", done.path("status").asText(), done.toString());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1300");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void buildPreviewAndSaveARuleThroughTheForm() throws Exception {
        JsonNode segments = service.http().get("/api/recordings/" + recording + "/timeline").json().path("segments");
        String emotion = null;
        for (JsonNode s : segments) {
            if (s.path("emotion").isTextual()) {
                emotion = s.path("emotion").asText();
                break;
            }
        }
        assertNotNull(emotion, "the light emotion stage judged a segment: " + segments);
        List<Integer> expectedSegments = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            JsonNode s = segments.get(i);
            if (emotion.equals(s.path("emotion").asText(null)) && s.path("confidence").asDouble() >= 0.1) {
                expectedSegments.add(s.path("index").asInt(i));
            }
        }

        assertFalse(expectedSegments.isEmpty(), "some segment for the preview to list");
        driver.get(service.server().baseUrl() + "/#/rules");
        new WebDriverWait(driver, UI).until(ExpectedConditions.textToBe(By.id("conn"), "live"));
        WebElement doc = new WebDriverWait(driver, UI).until(ExpectedConditions.presenceOfElementLocated(
                By.id("rules-doc")));
        new WebDriverWait(driver, UI).until(d -> !doc.getAttribute("value").isBlank()
                && !d.findElements(By.id("rb-add-rule")).isEmpty());
        for (WebElement input : driver.findElements(By.cssSelector("#rules-form input, #rules-form select"))) {
            String id = input.getAttribute("id");
            assertFalse(id == null || id.isEmpty(), "every form control has an id");
            assertFalse(driver.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty(),
                    "every form control has a label: " + id);
        }

        // JSON -> form: a fresh, empty rule set typed into the JSON view
        setText(doc, "{\"schemaVersion\": 1, \"name\": \"built\", \"version\": \"1\", \"rules\": []}");
        new WebDriverWait(driver, UI).until(d -> "built".equals(value("rb-name")));
        waitValid();

        // form -> JSON: build a rule
        driver.findElement(By.id("rb-add-rule")).click();
        type("rb-rules-0-id", "e2e-built");
        new Select(driver.findElement(By.id("rb-rules-0-when-type"))).selectByValue("emotion");
        WebElement angry = driver.findElement(By.id("rb-rules-0-when-emotions-angry"));
        if (angry.isSelected()) {
            angry.click();
        }
        WebElement wanted = driver.findElement(By.id("rb-rules-0-when-emotions-" + emotion));
        if (!wanted.isSelected()) {
            wanted.click();
        }
        type("rb-rules-0-when-minConfidence", "0.1");
        type("rb-rules-0-then-0-flag", "built-flag");
        driver.findElement(By.id("rb-rules-0-then-add")).click();
        new Select(driver.findElement(By.id("rb-rules-0-then-1-type"))).selectByValue("alert");
        new Select(driver.findElement(By.id("rb-rules-0-then-1-severity"))).selectByValue("critical");
        type("rb-rules-0-then-1-message", "{speaker}: {reason}");

        JsonNode json = Http.JSON.readTree(doc.getAttribute("value"));
        JsonNode rule = json.path("rules").get(0);
        assertEquals("built", json.path("name").asText(), json.toString());
        assertEquals("e2e-built", rule.path("id").asText(), json.toString());
        assertEquals(Http.JSON.readTree("{\"type\": \"emotion\", \"emotions\": [\"" + emotion
                + "\"], \"minConfidence\": 0.1}"), rule.path("when"), json.toString());
        assertEquals(Http.JSON.readTree("[{\"type\": \"flag\", \"flag\": \"built-flag\"}, {\"type\": \"alert\","
                + " \"severity\": \"critical\", \"message\": \"{speaker}: {reason}\"}]"), rule.path("then"));
        waitValid();
        assertTrue(driver.findElement(By.id("rules-unsaved")).isDisplayed(), "the draft differs from the saved rules");
        scrollTo("rules-form-title");
        screenshot("1-rule-built-in-form");

        // JSON -> form again: an edit in the JSON view updates the field
        setText(doc, doc.getAttribute("value").replace("\"built-flag\"", "\"built-flag-2\""));
        new WebDriverWait(driver, UI).until(d -> "built-flag-2".equals(value("rb-rules-0-then-0-flag")));

        // broken JSON: the server's typed error, the text untouched, the form read-only
        String good = doc.getAttribute("value");
        String broken = good.substring(0, good.lastIndexOf('}'));
        setText(doc, broken);
        WebElement problem = new WebDriverWait(driver, UI).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#rule-problems li.error")));
        assertTrue(problem.getText().contains("rules.bad_json"), problem.getText());
        assertEquals(broken, doc.getAttribute("value"), "the user's text is kept");
        assertEquals("true", driver.findElement(By.cssSelector("#rules-form fieldset.rb-root")).getDomProperty(
                "disabled"), "the form is read-only while the JSON does not parse");
        assertFalse(driver.findElement(By.id("rb-rules-0-id")).isEnabled());
        assertEquals("built-flag-2", value("rb-rules-0-then-0-flag"), "showing the last valid document");
        assertTrue(driver.findElement(By.id("rb-locked")).isDisplayed());
        assertFalse(driver.findElement(By.id("rules-save")).isEnabled());
        screenshot("2-broken-json");

        // valid JSON, invalid document: every problem with its pointer, marked on the form field
        String furious = good.replace("\"" + emotion + "\"", "\"furious\"");
        setText(doc, furious);
        new WebDriverWait(driver, UI).until(d -> d.findElement(By.id("rule-problems")).getText()
                .contains("/rules/0/when/emotions/0"));
        assertEquals(furious, doc.getAttribute("value"));
        assertEquals("true", driver.findElement(By.id("rb-rules-0-when-emotions")).getAttribute("aria-invalid"),
                "the problem is shown on the field it points at");
        assertFalse(driver.findElement(By.id("rules-save")).isEnabled(), "an invalid document cannot be saved");
        screenshot("3-invalid-document");
        setText(doc, good);
        waitValid();
        assertEquals(null, driver.findElement(By.id("rb-rules-0-when-emotions")).getAttribute("aria-invalid"));

        // templates: ready rules for common cases, with their keyword lists per language
        new Select(driver.findElement(By.id("rules-template"))).selectByValue("polite-but-angry");
        driver.findElement(By.id("rules-template-insert")).click();
        new Select(driver.findElement(By.id("rules-template"))).selectByValue("silence-after-question");
        driver.findElement(By.id("rules-template-insert")).click();
        json = Http.JSON.readTree(doc.getAttribute("value"));
        assertEquals(3, json.path("rules").size(), json.toString());
        assertEquals("polite-but-angry", json.path("rules").get(1).path("id").asText());
        assertEquals("silenceAfterQuestion", json.path("rules").get(2).path("when").path("type").asText());
        assertTrue(json.path("keywordSets").path("polite-words").path("words").path("de").toString()
                .contains("bitte"), json.toString());
        assertEquals("bitte, danke", value("rb-keywordSets-polite-words-words-de"), "keyword lists per language");
        driver.findElement(By.id("rb-rules-2-up")).click();
        assertEquals("silence-after-question", Http.JSON.readTree(doc.getAttribute("value")).path("rules").get(1)
                .path("id").asText(), "moved up in document order");
        driver.findElement(By.id("rb-rules-1-down")).click();
        assertEquals(json, Http.JSON.readTree(doc.getAttribute("value")), "and back");
        waitValid();

        // preview on the analysed recording: which segments and flags the draft produces
        new Select(new WebDriverWait(driver, UI).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#rules-recording option[value='" + recording + "']"))).findElement(By.xpath("..")))
                .selectByValue(recording);
        driver.findElement(By.id("rules-preview")).click();
        new WebDriverWait(driver, UI).until(ExpectedConditions.presenceOfElementLocated(By.id("rules-preview-summary")));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#rules-preview-table tr.outcome')].map(r => ({rule: r.dataset.rule,"
                        + " action: r.dataset.action, segment: r.dataset.segment}));");
        List<Integer> flagged = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if ("e2e-built".equals(r.get("rule")) && "flag".equals(r.get("action"))) {
                flagged.add(Integer.parseInt(r.get("segment")));
            }
        }
        assertEquals(expectedSegments, flagged, "one flag per segment of " + emotion + ": " + rows);
        assertEquals(2 * expectedSegments.size(), rows.stream().filter(r -> "e2e-built".equals(r.get("rule")))
                .count(), "a flag and an alert per segment");
        assertTrue(driver.findElement(By.id("rules-preview-summary")).getText()
                .startsWith(rows.size() + " outcome(s) on " + expectedSegments.size() + " segment(s)"));
        assertEquals(0, service.http().get("/api/rules").json().path("version").asInt(), "a preview stores nothing");
        scrollTo("rules-preview-title");
        screenshot("4-preview");

        // save as a new version
        driver.findElement(By.id("rules-save")).click();
        new WebDriverWait(driver, UI).until(ExpectedConditions.textMatches(By.id("rules-version"),
                java.util.regex.Pattern.compile("version 1")));
        new WebDriverWait(driver, UI).until(d -> !d.findElement(By.id("rules-unsaved")).isDisplayed());
        JsonNode stored = service.http().get("/api/rules").json();
        assertEquals(1, stored.path("version").asInt());
        assertEquals("built", stored.path("rules").path("name").asText());
        assertEquals(json.path("rules"), stored.path("rules").path("rules"), "the document as the form built it");
        screenshot("5-saved");

        // the page ran under the UI's CSP without a single violation, and the policy is enforced
        Http.Reply page = service.http().get("/ui/index.html");
        assertEquals(WebUiExtension.CSP, page.headers().firstValue("content-security-policy").orElse(null));
        List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
        assertEquals(List.of(), violations);
        Object inline = ((JavascriptExecutor) driver).executeScript("const s = document.createElement('script');"
                + "s.textContent = 'window.__inlineRan = true'; document.body.append(s); return window.__inlineRan === true;");
        assertEquals(Boolean.FALSE, inline, "inline script is refused by the policy");
    }

    /**
     * The builder offers exactly the engine's conditions: the condition types of docs/rules.md's table, each new
     * condition and every field the form offers accepted by the engine, every action, and every template a valid
     * rule document.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void theBuilderOffersExactlyWhatTheEngineAccepts() throws Exception {
        driver.get(service.server().baseUrl() + "/#/rules");
        new WebDriverWait(driver, UI).until(d -> !d.findElements(By.id("rb-add-rule")).isEmpty());
        JsonNode current = service.http().get("/api/rules").json().path("rules");
        assertEquals(0, service.http().get("/api/rules").json().path("version").asInt(), "runs first");
        {   // the shipped default set: every rule in the form, nothing the form cannot show, nothing changed by it
            assertEquals(current.path("rules").size(), driver.findElements(By.cssSelector("fieldset.rb-rule")).size());
            String form = driver.findElement(By.id("rules-form")).getText();
            assertFalse(form.contains("Also in the JSON") || form.contains("not offered") || form.contains("edit it in"),
                    form);
            assertEquals(current, Http.JSON.readTree(driver.findElement(By.id("rules-doc")).getAttribute("value")));
            ((JavascriptExecutor) driver).executeScript("document.getElementById('rb-rules-0-id')"
                    + ".dispatchEvent(new Event('input'))");
            assertEquals(current, Http.JSON.readTree(driver.findElement(By.id("rules-doc")).getAttribute("value")),
                    "the form's copy of the document is the document");
            assertFalse(driver.findElement(By.id("rules-unsaved")).isDisplayed(), "nothing to save yet");
        }
        JsonNode offered = Http.JSON.readTree((String) ((JavascriptExecutor) driver).executeScript(
                "const d = {schemaVersion: 1, name: 't', version: '1', rules: []};"
                        + "for (const t of RB_TEMPLATES) rbInsertTemplate(d, t.key);"
                        + "return JSON.stringify({conditions: RB_CONDITIONS, actions: RB_ACTIONS, templates: d});"));
        java.util.Set<String> types = new java.util.TreeSet<>();
        offered.path("conditions").fieldNames().forEachRemaining(types::add);
        assertEquals(documentedConditionTypes(), types, "the builder's condition types are the documented ones");

        List<String> problems = new ArrayList<>();
        for (String type : types) {
            JsonNode def = offered.path("conditions").path(type);
            boolean history = def.path("on").asText().equals("history");
            com.fasterxml.jackson.databind.node.ObjectNode fresh = ((com.fasterxml.jackson.databind.node.ObjectNode)
                    def.path("fresh").deepCopy()).put("type", type);
            check(problems, type + " (new)", fresh);
            java.util.Set<String> fields = new java.util.TreeSet<>(List.of("type"));
            def.path("fields").forEach(f -> fields.add(f.path("k").asText("")));
            fields.remove("");
            if (type.equals("keywords")) {
                fields.addAll(List.of("set", "words", "regexes"));
            }
            assertEquals(engineFields(fresh.deepCopy().put("zzUnknown", 1), "/rules/0/when/zzUnknown",
                    "{\"type\": \"flag\", \"flag\": \"f\"}"), fields, "the form offers every field of " + type);
            for (JsonNode f : def.path("fields")) {
                if (!f.has("k") || f.path("kind").asText().startsWith("condition")) {
                    continue;
                }
                com.fasterxml.jackson.databind.node.ObjectNode c = fresh.deepCopy();
                c.set(f.path("k").asText(), f.has("dflt") ? f.get("dflt") : switch (f.path("kind").asText()) {
                    case "list" -> Http.JSON.readTree("[\"x\"]");
                    case "emotions" -> Http.JSON.readTree("[\"angry\"]");
                    case "choice" -> f.path("options").get(0);
                    default -> Http.JSON.readTree("1");
                });
                check(problems, type + "." + f.path("k").asText(), c);
            }
            offered.path("actions").fields().forEachRemaining(a -> {
                if (type.equals("emotion")) {
                    java.util.Set<String> actionFields = new java.util.TreeSet<>(List.of("type"));
                    a.getValue().path("fields").forEach(f -> actionFields.add(f.path("k").asText()));
                    com.fasterxml.jackson.databind.node.ObjectNode action = ((com.fasterxml.jackson.databind.node
                            .ObjectNode) a.getValue().path("fresh").deepCopy()).put("type", a.getKey());
                    assertEquals(engineFields(fresh, "/rules/0/then/0/zzUnknown", action.put("zzUnknown", 1)
                            .toString()), actionFields, "the form offers every field of the action " + a.getKey());
                }
                if (!history || !a.getValue().path("segmentOnly").asBoolean()) {
                    com.fasterxml.jackson.databind.node.ObjectNode action = ((com.fasterxml.jackson.databind.node
                            .ObjectNode) a.getValue().path("fresh").deepCopy()).put("type", a.getKey());
                    String doc = "{\"schemaVersion\": 1, \"name\": \"t\", \"version\": \"1\", \"rules\": [{\"id\": \"r\","
                            + " \"when\": " + fresh + ", \"then\": [" + action + "]}]}";
                    io.emotrace.rules.RuleParseResult r = io.emotrace.rules.RuleSet.parse(doc);
                    if (!r.valid()) {
                        problems.add(type + " + " + a.getKey() + ": " + r.problems());
                    }
                }
            });
        }
        io.emotrace.rules.RuleParseResult templates = io.emotrace.rules.RuleSet.parse(offered.path("templates")
                .toString());
        if (!templates.valid()) {
            problems.add("templates: " + templates.problems());
        }
        assertEquals(4, offered.path("templates").path("rules").size());
        assertEquals(List.of(), problems);
    }

    /** The fields the engine allows where {@code pointer} is (read from its "no such field" problem). */
    private static java.util.Set<String> engineFields(JsonNode condition, String pointer, String action) {
        String doc = "{\"schemaVersion\": 1, \"name\": \"t\", \"version\": \"1\", \"rules\": [{\"id\": \"r\", \"when\": "
                + condition + ", \"then\": [" + action + "]}]}";
        for (io.emotrace.rules.RuleProblem p : io.emotrace.rules.RuleSet.parse(doc).problems()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("allowed: \\[([^\\]]*)\\]").matcher(p.expected());
            if (p.pointer().equals(pointer) && m.find()) {
                return new java.util.TreeSet<>(List.of(m.group(1).split(",\\s*")));
            }
        }
        throw new AssertionError("no unknown-field problem at " + pointer + " for " + doc);
    }

    private static void check(List<String> problems, String what, JsonNode condition) {
        String doc = "{\"schemaVersion\": 1, \"name\": \"t\", \"version\": \"1\", \"rules\": [{\"id\": \"r\", \"when\": "
                + condition + ", \"then\": [{\"type\": \"flag\", \"flag\": \"f\"}]}]}";
        io.emotrace.rules.RuleParseResult r = io.emotrace.rules.RuleSet.parse(doc);
        if (!r.valid()) {
            problems.add(what + " " + condition + ": " + r.problems());
        }
    }

    /** The condition types in docs/rules.md's table (first column, backquoted names). */
    private static java.util.Set<String> documentedConditionTypes() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("docs/rules.md"))) {
            dir = dir.getParent();
        }
        java.util.Set<String> types = new java.util.TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(dir.resolve("docs/rules.md"))) {
            if (line.startsWith("| condition `type`")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable && !line.startsWith("|---")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([A-Za-z]+)`")
                        .matcher(line.split("\\|")[1]);
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        assertTrue(types.size() > 10, "read the table: " + types);
        return types;
    }

    private static String value(String id) {
        List<WebElement> e = driver.findElements(By.id(id));
        return e.isEmpty() ? null : e.get(0).getAttribute("value");
    }

    /** Types into a form field the way a user does: select all, then the new text (input events follow). */
    private static void type(String id, String text) {
        WebElement e = new WebDriverWait(driver, UI).until(ExpectedConditions.elementToBeClickable(By.id(id)));
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
        assertEquals(text, e.getAttribute("value"), id);
    }

    /** Replaces the JSON view's text the way typing does (an input event follows). */
    private static void setText(WebElement doc, String text) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input'));", doc, text);
    }

    private static void waitValid() {
        new WebDriverWait(driver, UI).until(d -> "valid".equals(d.findElement(By.id("rules-validity")).getText())
                && d.findElement(By.id("rules-save")).isEnabled());
    }

    private static void scrollTo(String id) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    private static void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
