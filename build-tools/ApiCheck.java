/*
 * The public API checks of one module, run in `verify` by the `published-module` profile of the root pom (exec:exec,
 * JDK source launcher, one JVM per module, about a second):
 *
 *   java -cp <binary-compatibility-validator classpath> ApiCheck.java <classesDir> <dumpFile> <check|update|true|false> <sourceDir>
 *
 * 1. API dump.
 * Dumps the public, non-internal API of the compiled classes in the binary-compatibility-validator (BCV) format, the
 * same format Kotlin's Gradle plugin writes to api/<module>.api. `check` fails (exit 1) when the dump differs from the
 * checked-in file and prints a diff; `update` rewrites the file. Excluded from the API: `internal` Kotlin
 * declarations, packages named `*.internal*`, and declarations marked @dev.iotsdk.common.InternalIotSdkApi (opt-in
 * cross-module internals).
 * 2. KDoc check (KdocCheck below): every `public`/`protected` declaration of main sources outside `internal` packages
 *    carries a KDoc block (overrides inherit theirs; constructor properties may be documented with @property/@param in
 *    the class KDoc). Explicit API mode makes `public` explicit, so a source scan finds every public declaration.
 *    Dokka (-Pdocs) reports the same with reportUndocumented but also flags undocumented toString/equals/hashCode
 *    overrides, which KDoc convention lets inherit; this check is the one that fails the build.
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import java.util.HashSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kotlin.collections.CollectionsKt;
import kotlinx.validation.api.ClassBinarySignature;
import kotlinx.validation.api.KotlinSignaturesLoadingKt;

public final class ApiCheck {
    private static final Set<String> NON_PUBLIC_MARKERS = Set.of("dev/iotsdk/common/InternalIotSdkApi");

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !(args[2].equals("check") || args[2].equals("update") || args[2].equals("true")
                || args[2].equals("false"))) {
            System.err.println("usage: ApiCheck <classesDir> <dumpFile> <check|update> <sourceDir>");
            System.exit(2);
        }
        Path classes = Paths.get(args[0]);
        Path dumpFile = Paths.get(args[1]);
        boolean update = args[2].equals("update") || args[2].equals("true");
        List<String> undocumented = KdocCheck.check(Paths.get(args[3]));
        if (!undocumented.isEmpty()) {
            System.err.println("[api] ERROR: public declarations without KDoc in " + args[3] + ":");
            undocumented.forEach(u -> System.err.println("[api]   " + u));
            System.exit(1);
        }
        String actual = dump(classes);
        if (update) {
            Files.createDirectories(dumpFile.getParent());
            if (!Files.exists(dumpFile) || !Files.readString(dumpFile).equals(actual)) {
                Files.writeString(dumpFile, actual, StandardCharsets.UTF_8);
                System.out.println("[api] updated " + dumpFile);
            }
            return;
        }
        String expected = Files.exists(dumpFile) ? Files.readString(dumpFile) : "";
        if (!expected.equals(actual)) {
            System.err.println("[api] ERROR: the public API of " + classes + " differs from " + dumpFile + ":");
            System.err.println(diff(expected, actual));
            System.err.println("[api] If the change is intended, update the dump and commit it:");
            System.err.println("[api]   mvn -B -DskipTests -Dapi.update verify");
            System.exit(1);
        }
        System.out.println("[api] " + dumpFile.getFileName() + " matches");
    }

    private static String dump(Path classes) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Path f : files) streams.add(Files.newInputStream(f));
            List<ClassBinarySignature> api = KotlinSignaturesLoadingKt.loadApiFromJvmClasses(
                    CollectionsKt.asSequence(streams), name -> Boolean.TRUE);
            List<String> internalPackages = files.stream()
                    .map(f -> classes.relativize(f.getParent() == null ? classes : f.getParent()).toString())
                    .map(p -> p.replace(java.io.File.separatorChar, '.'))
                    .filter(p -> p.matches("(.*\\.)?internal(\\..*)?"))
                    .distinct()
                    .collect(Collectors.toList());
            api = KotlinSignaturesLoadingKt.filterOutNonPublic(api, internalPackages, List.of());
            api = KotlinSignaturesLoadingKt.filterOutAnnotated(api, NON_PUBLIC_MARKERS);
            return KotlinSignaturesLoadingKt.dump(api, new StringBuilder()).toString();
        } finally {
            for (InputStream s : streams) {
                try { s.close(); } catch (IOException e) { throw new UncheckedIOException(e); }
            }
        }
    }

    /** A plain line diff: lines only in the dump file (-) and lines only in the compiled classes (+). */
    private static String diff(String expected, String actual) {
        List<String> exp = expected.lines().collect(Collectors.toList());
        List<String> act = actual.lines().collect(Collectors.toList());
        StringBuilder out = new StringBuilder();
        for (String l : exp) if (!act.contains(l)) out.append("- ").append(l).append('\n');
        for (String l : act) if (!exp.contains(l)) out.append("+ ").append(l).append('\n');
        if (out.length() == 0) out.append("(same lines, different order or line endings)\n");
        return out.toString();
    }
}

/** Finds public declarations without KDoc in Kotlin main sources (see point 2 above). */
final class KdocCheck {
    static final Pattern DECL = Pattern.compile(
        "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:public|protected)\\s+((?:[a-z]+\\s+)*)(class|interface|object|fun|val|var|constructor|typealias)\\b(.*)");
    static final Pattern TAG = Pattern.compile("@(?:property|param)\\s+(\\w+)");

    static List<String> check(Path srcDir) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(srcDir)) return problems;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(srcDir)) {
            files = walk.filter(p -> p.toString().endsWith(".kt")).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            if (lines.stream().anyMatch(l -> l.matches("^package\\s+[\\w.]*\\binternal\\b.*"))) continue;
            Set<String> tagged = new HashSet<>();
            Matcher t = TAG.matcher(String.join("\n", lines));
            while (t.find()) tagged.add(t.group(1));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = DECL.matcher(lines.get(i).trim());
                if (!m.matches()) continue;
                String modifiers = m.group(1);
                if (modifiers.contains("override ")) continue; // KDoc is inherited from the overridden declaration
                String kind = m.group(2);
                if ((kind.equals("val") || kind.equals("var"))) {
                    Matcher n = Pattern.compile("^\\s*(?:<[^>]*>\\s*)?(?:[\\w.<>?, ]+\\.)?(\\w+)").matcher(m.group(3));
                    if (n.find() && tagged.contains(n.group(1))) continue;
                }
                if (!documented(lines, i)) {
                    problems.add(srcDir.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        return problems;
    }

    /** True when the declaration at [index] is preceded (over annotation lines) by a KDoc block. */
    static boolean documented(List<String> lines, int index) {
        int j = index - 1;
        while (j >= 0) {
            String l = lines.get(j).trim();
            if (l.startsWith("@")) { j--; continue; }
            if (l.startsWith(")")) { // end of a multi-line annotation: skip back to its start
                while (j > 0 && !lines.get(j).trim().startsWith("@")) j--;
                j--;
                continue;
            }
            return l.endsWith("*/");
        }
        return false;
    }
}
