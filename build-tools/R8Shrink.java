import com.android.tools.r8.ClassFileConsumer;
import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.DiagnosticsLevel;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.DataResourceConsumer;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.Version;
import com.android.tools.r8.origin.Origin;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Shrinks an app and all its dependencies with R8 the way the Android Gradle plugin does for a release build (full
 * mode, optimisation and obfuscation on), using the app's own keep rules plus the consumer rules found inside every
 * program jar (picked as AGP picks them): once to DEX for the min API (the app an Android build ships) and once to class
 * files (R8 takes no min API there) so that the shrunk program can run on the JVM. See build-tools/ANDROID.md.
 *
 * <pre>
 * java -cp r8.jar build-tools/R8Shrink.java --out app-shrunk.jar --dex-out dexdir --android-jar android-all.jar
 *      --min-api 26 --rules app.pro --explained explained-warnings.txt --report dir --program a.jar:b.jar:classes/
 * </pre>
 *
 * Output: {@code --dex-out} as DEX for the min API, {@code --out} as class files. The library is {@code --android-jar} (android.* and the framework) plus the running JDK for java.*, whose
 * Android subset is checked separately (animal-sniffer against the API 26 signature). Every R8 warning of either run must be
 * matched by a line of {@code --explained} ({@code regex<TAB>why}); any other warning fails, as does any error.
 */
public final class R8Shrink {
    private R8Shrink() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i], args[i + 1]);
        Path out = Paths.get(require(opt, "--out"));
        Path dexOut = Paths.get(require(opt, "--dex-out"));
        Path androidJar = Paths.get(require(opt, "--android-jar"));
        int minApi = Integer.parseInt(opt.getOrDefault("--min-api", "26"));
        Path appRules = Paths.get(require(opt, "--rules"));
        Path report = Paths.get(require(opt, "--report"));
        List<Explanation> explained = Explanation.read(Paths.get(require(opt, "--explained")));
        Files.createDirectories(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path work = Files.createDirectories(report.resolve("work"));

        List<Path> program = new ArrayList<>();
        for (String entry : require(opt, "--program").split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Paths.get(entry);
            if (Files.isDirectory(p)) program.add(jarDirectory(p, work.resolve("dir-" + program.size() + ".jar")));
            else if (entry.endsWith(".jar") && Files.exists(p)) program.add(p);
        }

        List<Path> rules = new ArrayList<>();
        rules.add(appRules);
        StringBuilder used = new StringBuilder();
        for (Path jar : program) {
            for (Map.Entry<String, byte[]> r : consumerRules(jar).entrySet()) {
                Path f = work.resolve("rules-" + rules.size() + ".pro");
                Files.write(f, r.getValue());
                rules.add(f);
                used.append(jar.getFileName()).append('!').append(r.getKey()).append('\n');
            }
        }
        Files.writeString(report.resolve("consumer-rules.txt"), used.toString());
        Files.write(report.resolve("program.txt"), program.stream().map(Path::toString).collect(Collectors.toList()));

        // 1. the Android build: DEX for the min API (what an app ships)
        Diagnostics dexDiagnostics = new Diagnostics("R8 (dex, min API " + minApi + ")");
        if (Files.exists(dexOut)) {
            try (Stream<Path> old = Files.walk(dexOut)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(p);
            }
        }
        Files.createDirectories(dexOut);
        long t0 = System.nanoTime();
        R8.run(command(dexDiagnostics, program, androidJar, rules, report, "dex")
            .setMinApiLevel(minApi)
            .setProgramConsumer(new DexIndexedConsumer.ForwardingConsumer(new DexIndexedConsumer.DirectoryConsumer(dexOut)) {
                // Java resources (META-INF/*) are the Android Gradle plugin's packaging step, not R8's: none here
                @Override
                public DataResourceConsumer getDataResourceConsumer() {
                    return null;
                }
            })
            .build());
        long dexMs = (System.nanoTime() - t0) / 1_000_000;

        // 2. the same shrinking to class files (R8 takes no min API there), so the shrunk program can run on the JVM
        Diagnostics cfDiagnostics = new Diagnostics("R8 (class files)");
        long t1 = System.nanoTime();
        R8.run(command(cfDiagnostics, program, androidJar, rules, report, "cf")
            .setProgramConsumer(new ClassFileConsumer.ArchiveConsumer(out))
            .build());
        long cfMs = (System.nanoTime() - t1) / 1_000_000;

        List<String> unexplained = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        summary.append("R8 ").append(Version.getVersionString()).append(", min API ").append(minApi).append(", ")
            .append(program.size()).append(" program jars, ").append(rules.size() - 1).append(" consumer rule files\n");
        for (Diagnostics d : List.of(dexDiagnostics, cfDiagnostics)) {
            for (String w : d.warnings) {
                Explanation e = Explanation.match(explained, w);
                if (e == null) unexplained.add(d.tool + ": " + w);
                else summary.append(d.tool).append(" warning (explained: ").append(e.why).append("): ").append(firstLine(w)).append('\n');
            }
            summary.append(d.tool).append(": ").append(d.infos).append(" info messages\n");
        }
        long dexBytes = 0;
        int dexFiles = 0;
        try (Stream<Path> dex = Files.list(dexOut)) {
            for (Path p : dex.filter(p -> p.toString().endsWith(".dex")).collect(Collectors.toList())) {
                dexBytes += Files.size(p);
                dexFiles++;
            }
        }
        long inBytes = 0;
        for (Path p : program) inBytes += Files.size(p);
        summary.append(String.format("input %.1f MB in %d jars -> %d dex file(s), %.1f MB (%d ms); class files %.1f MB (%d ms)%n",
            inBytes / 1e6, program.size(), dexFiles, dexBytes / 1e6, dexMs, Files.size(out) / 1e6, cfMs));
        Files.writeString(report.resolve("summary.txt"), summary.toString());
        System.out.print(summary);
        if (!unexplained.isEmpty()) {
            System.err.println("Unexplained R8 warnings (fix them, or explain them in the --explained file):");
            unexplained.forEach(w -> System.err.println("  " + w));
            System.exit(1);
        }
    }

    /** An R8 release (full mode) command over [program] with [rules], reports named by [tag] in [report]. */
    private static R8Command.Builder command(Diagnostics diagnostics, List<Path> program, Path androidJar, List<Path> rules,
                                             Path report, String tag) throws IOException {
        return R8Command.builder(diagnostics)
            .addProgramFiles(program)
            .addLibraryFiles(androidJar)
            .addLibraryResourceProvider(JdkClassFileProvider.fromSystemJdk())
            .addProguardConfigurationFiles(rules)
            .addProguardConfiguration(List.of(
                "-printconfiguration " + report.resolve("configuration-" + tag + ".txt").toAbsolutePath(),
                "-printusage " + report.resolve("usage-" + tag + ".txt").toAbsolutePath()), Origin.unknown())
            .setProguardMapOutputPath(report.resolve("mapping-" + tag + ".txt"))
            .setMode(CompilationMode.RELEASE);
    }

    /** The consumer rules of [jar] as the Android Gradle plugin picks them: R8-targeted ones if any, else META-INF/proguard. */
    static Map<String, byte[]> consumerRules(Path jar) throws IOException {
        Map<String, byte[]> targeted = new TreeMap<>();
        Map<String, byte[]> legacy = new TreeMap<>();
        boolean hasTargeted = false;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.startsWith("META-INF/com.android.tools/")) hasTargeted = true;
                if (e.isDirectory()) continue;
                Matcher m = TARGETED.matcher(name);
                if (m.matches() && inRange(m.group(1), m.group(2))) targeted.put(name, read(zip, e));
                else if (LEGACY.matcher(name).matches()) legacy.put(name, read(zip, e));
            }
        }
        return hasTargeted ? targeted : legacy;
    }

    private static final Pattern TARGETED =
        Pattern.compile("META-INF/com\\.android\\.tools/r8(?:-from-([0-9.]+))?(?:-upto-([0-9.]+))?/[^/]+");
    private static final Pattern LEGACY = Pattern.compile("META-INF/proguard/[^/]+\\.pro");

    private static boolean inRange(String from, String upto) {
        int[] v = {Version.getMajorVersion(), Version.getMinorVersion(), Version.getPatchVersion()};
        return (from == null || compare(v, parse(from)) >= 0) && (upto == null || compare(v, parse(upto)) < 0);
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.");
        int[] v = new int[3];
        for (int i = 0; i < Math.min(3, parts.length); i++) v[i] = Integer.parseInt(parts[i]);
        return v;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }

    private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static Path jarDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String require(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) throw new IllegalArgumentException("missing " + name);
        return v;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    /** Collects warnings (to be explained) and counts infos; errors are printed and fail the compilation. */
    private static final class Diagnostics implements DiagnosticsHandler {
        final String tool;
        final List<String> warnings = new ArrayList<>();
        int infos;

        Diagnostics(String tool) {
            this.tool = tool;
        }

        @Override
        public void error(Diagnostic d) {
            System.err.println(tool + " error: " + describe(d));
        }

        @Override
        public void warning(Diagnostic d) {
            warnings.add(describe(d));
        }

        @Override
        public void info(Diagnostic d) {
            infos++;
        }

        @Override
        public DiagnosticsLevel modifyDiagnosticsLevel(DiagnosticsLevel level, Diagnostic d) {
            return level;
        }

        private static String describe(Diagnostic d) {
            String origin = d.getOrigin() == null ? "" : " [" + d.getOrigin() + "]";
            return d.getDiagnosticMessage() + origin;
        }
    }

    /** A line of the explained-warnings file: a regular expression a warning must contain a match of, and why it is fine. */
    private static final class Explanation {
        final Pattern pattern;
        final String why;

        private Explanation(Pattern pattern, String why) {
            this.pattern = pattern;
            this.why = why;
        }

        static List<Explanation> read(Path file) throws IOException {
            List<Explanation> list = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                if (tab < 0) throw new IllegalArgumentException("explained-warnings line without a TAB and a reason: " + line);
                list.add(new Explanation(Pattern.compile(line.substring(0, tab)), line.substring(tab + 1).trim()));
            }
            return list;
        }

        static Explanation match(List<Explanation> list, String warning) {
            for (Explanation e : list) if (e.pattern.matcher(warning).find()) return e;
            return null;
        }
    }
}
