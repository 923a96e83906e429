package org.accessctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.accessctl.app.Main;

/**
 * A command-line tool run in-process, as {@code door-controller ARGS} runs it, with its standard
 * output and error captured. {@link #start} runs it on a thread of its own, for a tool that runs
 * until it has seen enough ({@code watch --limit}); its streams can be read while it runs.
 */
public final class ToolRun {

    private final List<String> args;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    private ToolRun(List<String> args, boolean inBackground) {
        this.args = args;
        this.exit = inBackground ? CompletableFuture.supplyAsync(this::call, r -> new Thread(r, "tool-" + args.get(0)).start())
                : CompletableFuture.completedFuture(call());
    }

    /** Runs the tool to its end. */
    public static ToolRun run(String... args) {
        return new ToolRun(List.of(args), false);
    }

    /** Starts the tool on a thread of its own and returns at once. */
    public static ToolRun start(String... args) {
        return new ToolRun(List.of(args), true);
    }

    private int call() {
        return Main.run(args, new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The exit status, once the tool has ended, waiting up to 20 s for it; -1 if it still runs. */
    public int status() {
        try {
            return exit.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return -1;
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The standard output of a tool that must succeed; fails with both streams otherwise. */
    public String ok() {
        if (status() != 0) {
            throw new AssertionError(String.join(" ", args) + ": exit " + status() + "\n" + out() + err());
        }
        return out();
    }
}
