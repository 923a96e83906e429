package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering the architecture promises, read from the sources: no package cycles, a pure core. */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java/org/accessctl");
    private static final Pattern USE = Pattern.compile("org\\.accessctl\\.([a-z]+)\\.[A-Z]");

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> out = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> uses = dependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            // A path from start back to start, found breadth-first, is the shortest cycle through it.
            Map<String, String> from = new HashMap<>();
            Deque<String> todo = new ArrayDeque<>(uses.get(start));
            uses.get(start).forEach(n -> from.put(n, start));
            while (!todo.isEmpty()) {
                String p = todo.poll();
                if (p.equals(start)) {
                    List<String> cycle = new ArrayList<>(List.of(start));
                    for (String q = from.get(start); !q.equals(start); q = from.get(q)) {
                        cycle.add(0, q);
                    }
                    cycle.add(0, start);
                    cycles.add(cycle);
                    break;
                }
                for (String n : uses.getOrDefault(p, Set.of())) {
                    if (!from.containsKey(n)) {
                        from.put(n, p);
                        todo.add(n);
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void theCoreUsesNoOtherPackageOfOurs() {
        assertEquals(Set.of(), dependencies().get("core"));
    }
}
