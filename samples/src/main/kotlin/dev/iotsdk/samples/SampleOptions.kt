package dev.iotsdk.samples

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import kotlin.system.exitProcess

/**
 * The flags shared by every sample, Kotlin and Java, parsed and checked: [parse] for tests, [parseOrExit] for a
 * sample's `main` (see [SampleTarget.fromArgs] for the MQTT samples, which build their connection from these).
 * A sample's own flags (its `extraFlags`) are read with [extra] and, for repeatable ones such as `--param`, [all].
 */
public class SampleOptions private constructor(
    /** `--endpoint`, or `null` for the embedded emulator. */
    public val endpoint: String?,
    /** `--cert`: the device (or claim) certificate file. */
    public val cert: String?,
    /** `--key`: its private key file. */
    public val key: String?,
    /** `--ca`: the CA certificate file to trust, or `null` for the JVM's trust store. */
    public val ca: String?,
    /** `--thing`, or `null` for the sample's own. */
    public val thing: String?,
    /** `--client-id`, or `null` for the sample's default. */
    public val clientId: String?,
    /** `--region`, or `null`. */
    public val region: String?,
    /** `--port`, or `null` for the sample's default. */
    public val port: Int?,
    /** Whether `--help` (or `-h`) was given. */
    public val help: Boolean,
    private val values: Map<String, List<String>>,
    private val extraFlags: Set<String>,
) {
    /** The last value of the sample's own flag [name] (without `--`), or `null` when absent. */
    public fun extra(name: String): String? = values[name]?.lastOrNull()?.takeIf { name in extraFlags }

    /** Every value of the sample's own flag [name], in order (for repeatable flags such as `--param`). */
    public fun all(name: String): List<String> = if (name in extraFlags) values[name].orEmpty() else emptyList()

    /** The values of the sample's own flags, last one per flag, by name without `--`. */
    public val extra: Map<String, String> get() = values.filterKeys { it in extraFlags }.mapValues { it.value.last() }

    /** `--param Name=Value` flags as a map (checked by [parse]). */
    public fun params(): Map<String, String> = all("param").associate {
        it.substringBefore('=') to
            it.substringAfter('=')
    }

    /** The region: `--region`, else the one in [endpoint]'s name, else `us-east-1` (the emulator's). */
    public fun regionOrDefault(): String = region ?: endpoint?.let { regionOf(it) } ?: "us-east-1"

    /** The `--cert`/`--key` pair as a TLS identity. @throws IllegalStateException when they were not given. */
    public fun identity(): TlsIdentity = TlsIdentity.fromPemFiles(
        Paths.get(
            checkNotNull(cert) {
                "--cert was not given"
            },
        ),
        Paths.get(checkNotNull(key) { "--key was not given" }),
    )

    /** What to trust: the `--ca` file, else the JVM's trust store (which trusts Amazon Root CA 1). */
    public fun trust(): TrustMaterial = ca?.let { TrustMaterial.fromPemFile(Paths.get(it)) } ?: TrustMaterial.system()

    /** Factories and helpers. */
    public companion object {
        /**
         * How [parseOrExit], [usageError] and [runOrExit] end the process: [exitProcess]. Tests that run many
         * samples' `main`s in one JVM swap it for a throw that carries the status.
         */
        @Volatile
        internal var exit: (Int) -> Nothing = { status -> exitProcess(status) }

        /** The shared flags, as `--help` prints them. */
        public const val USAGE: String = """Connection flags (every sample, Kotlin and Java):
  --endpoint <host>     AWS IoT data endpoint (<prefix>-ats.iot.<region>.amazonaws.com); without it the sample
                        starts the embedded emulator and sets up the cloud side there
  --cert <file>         device certificate, PEM (required with --endpoint)
  --key <file>          device private key, PEM (required with --endpoint)
  --ca <file>           CA certificate(s), PEM (default: the JVM's trust store, which trusts Amazon Root CA 1)
  --thing <name>        thing name (default: the sample's own)
  --client-id <id>      MQTT client ID (default: the thing name; samples with several connections append
                        -listener, -updater, -echo)
  --region <region>     AWS region (default: the one in the endpoint's name, else us-east-1)
  --port <port>         MQTT port (default 8883)
  --help                print this help and exit"""

        private val valued = setOf("endpoint", "cert", "key", "ca", "thing", "client-id", "region", "port")
        private val PARAM = Regex("[^=\\s]+=.*")

        /**
         * Parses [args]; throws [IllegalArgumentException] with a message saying what to fix. [extraFlags] are the
         * sample's own valued flags (they may repeat; `param` values must be `Name=Value`); [needsIdentity] is
         * `false` for samples that do not use mutual TLS (HTTPS with SigV4), which then need no `--cert`/`--key`
         * with `--endpoint`; [requiredWithEndpoint] are own flags that `--endpoint` makes mandatory.
         */
        @JvmStatic
        @JvmOverloads
        public fun parse(
            args: Array<String>,
            extraFlags: Set<String> = emptySet(),
            needsIdentity: Boolean = true,
            requiredWithEndpoint: Set<String> = emptySet(),
        ): SampleOptions {
            val values = LinkedHashMap<String, MutableList<String>>()
            var help = false
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                val name = arg.removePrefix("--")
                when {
                    arg == "--help" || arg == "-h" -> help = true
                    !arg.startsWith(
                        "--",
                    ) ||
                        (name !in valued && name !in extraFlags) -> throw IllegalArgumentException(
                        "unknown option '$arg'",
                    )
                    i + 1 >= args.size ||
                        args[i + 1].startsWith(
                            "--",
                        ) -> throw IllegalArgumentException("$arg needs a value")
                    else -> values.getOrPut(name) { mutableListOf() } += args[++i]
                }
                i++
            }
            fun value(name: String) = values[name]?.last()
            val options = SampleOptions(
                value(
                    "endpoint",
                ),
                value("cert"), value("key"), value("ca"), value("thing"), value("client-id"), value("region"),
                value("port")?.let {
                    it.toIntOrNull()?.takeIf { p -> p in 1..65_535 }
                        ?: throw IllegalArgumentException("--port must be a number from 1 to 65535, got '$it'")
                },
                help, values, extraFlags,
            )
            if (!help) options.check(needsIdentity, requiredWithEndpoint)
            return options
        }

        /**
         * [parse] for a sample's `main`: an error prints the problem and [usage] and exits with status 2; `--help`
         * prints [usage] and exits with status 0.
         */
        @JvmStatic
        @JvmOverloads
        public fun parseOrExit(
            args: Array<String>,
            usage: String,
            extraFlags: Set<String> = emptySet(),
            needsIdentity: Boolean = true,
            requiredWithEndpoint: Set<String> = emptySet(),
        ): SampleOptions {
            val options = try {
                parse(args, extraFlags, needsIdentity, requiredWithEndpoint)
            } catch (e: IllegalArgumentException) {
                System.err.println("error: ${e.message}\n\n$usage")
                exit(2)
            }
            if (options.help) {
                println(usage)
                exit(0)
            }
            return options
        }

        /** Prints `error: [message]` and [usage] and exits with status 2: a flag a sample checks itself is wrong. */
        @JvmStatic
        public fun usageError(message: String, usage: String): Nothing {
            System.err.println("error: $message\n\n$usage")
            exit(2)
        }

        /**
         * Runs a sample's [body]; a failure (bad credentials, a refused connection, a timeout…) prints
         * `error: <what happened>` (with the cause's message when it adds something) and exits with status 1.
         */
        @JvmStatic
        public fun runOrExit(body: SampleBody) {
            try {
                body.run()
            } catch (e: Exception) {
                System.err.println("error: ${describe(e)}")
                exit(1)
            }
        }

        /** A failure as one line: the exception's message, then its causes' messages when they differ. */
        @JvmStatic
        public fun describe(error: Throwable): String {
            val root =
                (error as? CompletionException)?.cause
                    ?: (error as? ExecutionException)?.cause
                    ?: error
            val parts = generateSequence(root) { it.cause?.takeIf { c -> c !== it } }.take(4)
                .map { it.message ?: it.javaClass.simpleName }.distinct().toList()
            return "${root.javaClass.simpleName}: ${parts.joinToString(": ")}"
        }

        /** The region in an AWS IoT endpoint name (`….iot.<region>.amazonaws.com`), or `null`. */
        @JvmStatic
        public fun regionOf(endpoint: String): String? =
            Regex("""\.iot\.([a-z0-9-]+)\.amazonaws\.com""").find(endpoint)?.groupValues?.get(1)

        /** The client ID for a connection the sample named [requested], honouring `--client-id` ([base]). */
        @JvmStatic
        public fun clientId(requested: String, thing: String, base: String?): String =
            if (base != null && requested.startsWith(thing)) base + requested.removePrefix(thing) else requested
    }

    /** A sample's work for [runOrExit]; it may throw anything. */
    public fun interface SampleBody {
        /** Runs the sample. */
        @Throws(Exception::class)
        public fun run()
    }

    private fun check(needsIdentity: Boolean, requiredWithEndpoint: Set<String>) {
        if (endpoint != null && needsIdentity) {
            require(cert != null) { "--cert is required with --endpoint" }
            require(key != null) { "--key is required with --endpoint" }
        }
        if (endpoint != null) {
            for (flag in requiredWithEndpoint) require(values[flag] != null) { "--$flag is required with --endpoint" }
        }
        for ((flag, file) in listOf("--cert" to cert, "--key" to key, "--ca" to ca)) {
            if (file != null) require(Files.isReadable(Path.of(file))) { "$flag: no readable file at '$file'" }
        }
        for (value in all("param")) require(PARAM.matches(value)) { "--param needs Name=Value, got '$value'" }
    }
}
