package dev.iotsdk.samples

import java.nio.file.Files
import java.nio.file.Paths
import kotlin.system.exitProcess

/** The connection flags shared by the samples, parsed and checked (see [SampleTarget.fromArgs]). */
internal class SampleOptions(
    val endpoint: String?,
    val cert: String?,
    val key: String?,
    val ca: String?,
    val thing: String?,
    val clientId: String?,
    val region: String?,
    val port: Int?,
    val help: Boolean,
    /** Values of the sample's own flags (the `extraFlags` of [parse]), by name without `--`. */
    val extra: Map<String, String> = emptyMap(),
) {
    companion object {
        const val USAGE: String = """Connection flags (every MQTT sample, Kotlin and Java):
  --endpoint <host>     AWS IoT data endpoint (<prefix>-ats.iot.<region>.amazonaws.com); without it the sample
                        starts the embedded emulator and registers the thing there
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

        /**
         * Parses [args]; throws [IllegalArgumentException] with a message saying what to fix. [extraFlags] are the
         * sample's own valued flags; [needsIdentity] is `false` for samples that do not use mutual TLS (HTTPS with
         * SigV4), which then need no `--cert`/`--key` with `--endpoint`.
         */
        fun parse(args: Array<String>, extraFlags: Set<String> = emptySet(), needsIdentity: Boolean = true): SampleOptions {
            val values = HashMap<String, String>()
            var help = false
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                val name = arg.removePrefix("--")
                when {
                    arg == "--help" || arg == "-h" -> help = true
                    !arg.startsWith("--") || (name !in valued && name !in extraFlags) -> throw IllegalArgumentException("unknown option '$arg'")
                    i + 1 >= args.size || args[i + 1].startsWith("--") -> throw IllegalArgumentException("$arg needs a value")
                    else -> values[name] = args[++i]
                }
                i++
            }
            val options = SampleOptions(
                values["endpoint"], values["cert"], values["key"], values["ca"], values["thing"], values["client-id"],
                values["region"], values["port"]?.let { it.toIntOrNull() ?: throw IllegalArgumentException("--port must be a number, got '$it'") },
                help, values.filterKeys { it in extraFlags },
            )
            if (!help) options.check(needsIdentity)
            return options
        }

        /**
         * [parse] for a sample's `main`: an error prints the problem and [usage] and exits with status 2; `--help`
         * prints [usage] and exits with status 0.
         */
        fun parseOrExit(args: Array<String>, usage: String, extraFlags: Set<String> = emptySet(), needsIdentity: Boolean = true): SampleOptions {
            val options = try {
                parse(args, extraFlags, needsIdentity)
            } catch (e: IllegalArgumentException) {
                System.err.println("error: ${e.message}\n\n$usage")
                exitProcess(2)
            }
            if (options.help) {
                println(usage)
                exitProcess(0)
            }
            return options
        }

        /** The region in an AWS IoT endpoint name (`….iot.<region>.amazonaws.com`), or `null`. */
        fun regionOf(endpoint: String): String? = Regex("""\.iot\.([a-z0-9-]+)\.amazonaws\.com""").find(endpoint)?.groupValues?.get(1)

        /** The client ID for a connection the sample named [requested], honouring `--client-id` ([base]). */
        fun clientId(requested: String, thing: String, base: String?): String =
            if (base != null && requested.startsWith(thing)) base + requested.removePrefix(thing) else requested
    }

    private fun check(needsIdentity: Boolean) {
        if (endpoint != null && needsIdentity) {
            require(cert != null) { "--cert is required with --endpoint" }
            require(key != null) { "--key is required with --endpoint" }
        }
        for ((flag, file) in listOf("--cert" to cert, "--key" to key, "--ca" to ca)) {
            if (file != null) require(Files.isReadable(Paths.get(file))) { "$flag: no readable file at '$file'" }
        }
    }
}
