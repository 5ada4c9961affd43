/*
 * Public API dump check for one module, run by the `api-check` profile of the root pom (exec:exec, JDK source launcher).
 *
 *   java -cp <binary-compatibility-validator classpath> ApiDump.java <classesDir> <dumpFile> <check|update>
 *
 * Dumps the public, non-internal API of the compiled classes in the binary-compatibility-validator (BCV) format, the
 * same format Kotlin's Gradle plugin writes to api/<module>.api. `check` fails (exit 1) when the dump differs from the
 * checked-in file and prints a diff; `update` rewrites the file. Excluded from the API: `internal` Kotlin
 * declarations, packages named `*.internal*`, and declarations marked @dev.iotsdk.core.InternalIotSdkApi (opt-in
 * cross-module internals).
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

import kotlin.collections.CollectionsKt;
import kotlinx.validation.api.ClassBinarySignature;
import kotlinx.validation.api.KotlinSignaturesLoadingKt;

public final class ApiDump {
    private static final Set<String> NON_PUBLIC_MARKERS = Set.of("dev.iotsdk.core.InternalIotSdkApi");

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[2].equals("check") || args[2].equals("update") || args[2].equals("true")
                || args[2].equals("false"))) {
            System.err.println("usage: ApiDump <classesDir> <dumpFile> <check|update>");
            System.exit(2);
        }
        Path classes = Paths.get(args[0]);
        Path dumpFile = Paths.get(args[1]);
        boolean update = args[2].equals("update") || args[2].equals("true");
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
