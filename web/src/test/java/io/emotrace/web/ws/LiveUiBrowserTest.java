package io.emotrace.web.ws;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.emotrace.SharedData;
import io.emotrace.SharedTestData;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavWriter;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Live page in a real headless Chromium whose fake capture device plays a real AMI meeting excerpt
 * ({@code --use-file-for-fake-audio-capture}): the page captures it with getUserMedia + AudioWorklet, resamples to
 * 16 kHz, streams it, and segments of at least two speakers and words arrive while the file plays (real models).
 * Screenshots go to {@code target/e2e-screenshots/}. Without Chromium the test is skipped, except under CI=true.
 */
class LiveUiBrowserTest {
    static final Path SHOTS = Path.of("target", "e2e-screenshots");

    @TempDir
    static Path data;
    static EmotraceServer server;
    static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(WebUiBrowserTest.CHROMIUM) || !Files.isExecutable(WebUiBrowserTest.DRIVER)) {
            String msg = "headless Chromium not installed: run ./emotrace setup or apt-get install chromium "
                    + "chromium-driver";
            if (SharedData.isCi()) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        Path meeting = SharedTestData.require("data/ami-dev/dev00.flac");
        Path wav = data.resolve("meeting.wav");
        try (AudioStream in = new FfmpegAudioDecoder().open(meeting); WavWriter out = WavWriter.pcm16(wav)) {
            float[] buf = new float[16_000];
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
        server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data.resolve("service")).warm(true));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(WebUiBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1100", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(), "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(WebUiBrowserTest.DRIVER.toFile()).usingAnyFreePort().build();
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

    private static void screenshot(String name) throws Exception {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theMicrophoneIsAnalysedLiveWithSpeakersAndWords() throws Exception {
        driver.get(server.baseUrl() + "/#/live");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(
                By.id("live-start")));
        driver.findElement(By.id("live-start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("live-status"),
                "live"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // while the 30 s file plays: lanes of two speakers, and words in the transcript
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            Object speakers = js.executeScript("return new Set([...document.querySelectorAll('#live-svg rect.seg')]"
                    + ".map(r => r.getAttribute('data-speaker'))).size;");
            Object words = js.executeScript("return [...document.querySelectorAll('#live-transcript .line')]"
                    + ".map(l => l.textContent).join(' ').length + document.getElementById('live-partial')"
                    + ".textContent.length;");
            return ((Number) speakers).intValue() >= 2 && ((Number) words).intValue() > 40;
        });
        screenshot("live-1-speakers-and-words");
        @SuppressWarnings("unchecked")
        List<String> emotions = (List<String>) js.executeScript("return [...document.querySelectorAll("
                + "'#live-svg rect.seg')].map(r => r.getAttribute('data-emotion'));");
        assertTrue(emotions.stream().anyMatch(e -> e != null && !e.isEmpty()), "segments carry an emotion colour");
        driver.findElement(By.id("live-stop")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("live-recording")));
        screenshot("live-2-ended");
    }
}
