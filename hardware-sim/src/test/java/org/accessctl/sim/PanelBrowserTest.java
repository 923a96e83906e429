package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.accessctl.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A technician follows a visit on the panel alone, in a real headless Chromium: the page is fed
 * by the simulator's event stream, and shows in words who is inside, the alarm and why, the
 * day's visits and the readers' counters. Screenshots are kept under target/panel-screenshots.
 */
class PanelBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "panel-screenshots");
    private static final Duration UI = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Simulator sim;
    private HeadlessChromium browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private WebElement card() {
        return browser.driver.findElement(By.cssSelector("section.door-card[data-door='door-1']"));
    }

    private String text(String selector) {
        List<WebElement> found = browser.driver.findElements(By.cssSelector("section.door-card[data-door='door-1'] " + selector));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private void awaitText(String selector, String expected) {
        Supplier<String> last = () -> selector + " to show \"" + expected + "\"; it shows \"" + text(selector) + "\"";
        Await.until(UI, () -> text(selector).contains(expected), last);
    }

    @Test
    void aTechnicianFollowsAVisitOnThePanel() throws Exception {
        sim = Simulator.start(dir);
        Files.createDirectories(dir.resolve("chromium"));
        browser = HeadlessChromium.start(dir.resolve("chromium").resolve("profile"));
        browser.driver.get("http://127.0.0.1:" + sim.door.httpPort() + "/");
        Await.until(UI, () -> browser.driver.findElement(By.id("live")).getText().equals("live"), () -> "the stream to open");
        awaitText(".inside", "nobody");

        sim.publishPerson("P-001", "{\"personId\":\"P-001\",\"name\":\"Operator One\",\"badgeUid\":\"0A1B2C3D4E\","
                + "\"roles\":[\"access\",\"escort\"],\"active\":true}");
        sim.publishVisit("V-1", Simulator.visit("V-1", "1122334455", "approved", -5, 60, "\"P-001\""));
        awaitText(".visits", "Budi (Vendor X) V-1");
        awaitText(".visits", "expected");

        sim.tap("entry", "1122334455");
        awaitText(".events", "Budi (visitor, V-1) badged; waiting for an escort's badge");
        sim.tap("entry", "0A1B2C3D4E");
        awaitText(".events", "Budi (visitor, V-1) with escort Operator One (P-001) let in at the entry reader");
        awaitText(".inside", "Budi visitor since");
        awaitText(".inside", "escorted by Operator One (P-001)");
        awaitText(".inside", "Operator One staff since");
        awaitText(".visits", "inside");

        // The escort leaves the visitor alone: the alarm is named, with the visit.
        sim.tap("exit", "0A1B2C3D4E");
        awaitText(".alarms", "visitor inside without an escort — Budi (visitor, V-1)");
        awaitText(".events", "ALARM: visitor inside without an escort — Budi (visitor, V-1)");
        Await.until(UI, () -> card().getAttribute("class").contains("alarmed"), () -> "the card to show the alarm");
        Await.until(UI, () -> card().findElement(By.cssSelector(".buzzer")).getAttribute("class").contains("on"),
                () -> "the buzzer lamp to light");
        browser.screenshot(SCREENSHOTS.resolve("visitor-left-alone.png"));

        sim.tap("exit", "1122334455");
        awaitText(".events", "alarm over: visitor inside without an escort");
        awaitText(".events", "Budi left: visit V-1 completed");
        awaitText(".alarms", "none");
        awaitText(".inside", "nobody");
        awaitText(".visits", "completed");

        // A corrupt frame is counted, never read as a badge.
        sim.raw("entry", "02303041314232433344344539390d");
        awaitText(".readers", "entry (rdm6300): 2 frames tapped, 1 raw writes, 1 dropped as malformed");

        // A refused badge, with the reason in words.
        sim.tap("entry", "FFFFFFFFFF");
        awaitText(".events", "badge FFFFFFFFFF refused at the entry reader: unknown badge");
        browser.screenshot(SCREENSHOTS.resolve("visit-completed.png"));

        // Live by the stream alone (still open, so not among finished requests): the page never polled the API.
        Object requests = browser.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".map(e => new URL(e.name).pathname).filter(p => p.startsWith('/api/'))");
        assertEquals(List.of(), requests, "the page must not poll");
        assertTrue(Files.size(SCREENSHOTS.resolve("visit-completed.png")) > 10_000);

        // The same content for scripts, without a browser.
        @SuppressWarnings("unchecked")
        Map<String, Object> door = ((List<Map<String, Object>>) Simulator.json(sim.get("/api/panel").body()).get("doors")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = ((List<Map<String, Object>>) door.get("events")).get(0);
        assertEquals("badge FFFFFFFFFF refused at the entry reader: unknown badge", latest.get("text"));
        assertEquals("bad", latest.get("tone"));
    }
}
