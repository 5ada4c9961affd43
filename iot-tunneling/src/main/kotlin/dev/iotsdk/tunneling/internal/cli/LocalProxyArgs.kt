package dev.iotsdk.tunneling.internal.cli

import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.tunneling.SecureTunnelConfig
import dev.iotsdk.tunneling.TunnelMode
import java.nio.file.Path

/**
 * The command line of the local proxy, with AWS local proxy's flags where they apply (LP-SRC `ProxySettings`,
 * README): `-r/--region`, `-s/--source-listen-port` (`2222` or `SSH=2222,HTTP=8080`), `-d/--destination-app`
 * (`22`, `host:22` or `SSH=localhost:22,HTTP=8080`), `-t/--access-token` (else `AWSIOT_TUNNEL_ACCESS_TOKEN`),
 * `--client-token`, plus `--endpoint host[:port]` (the emulator) and `--ca <pem>` (trust a CA, the emulator's).
 */
internal object LocalProxyArgs {
    /** The usage text. */
    const val USAGE: String = "usage: java -jar iot-tunneling-all.jar -r <region> (-s <[svc=]port,...> | " +
        "-d <[svc=][host:]port,...>) [-t <token>] [--client-token <token>] [--endpoint <host[:port]>] [--ca <pem>]\n" +
        "the access token may come from AWSIOT_TUNNEL_ACCESS_TOKEN instead of -t"

    /** Parses [args]; [env] gives the environment. @throws IllegalArgumentException with a message to print. */
    fun parse(args: Array<String>, env: (String) -> String?): SecureTunnelConfig {
        val values = options(args)
        val source = values["source"]
        val destination = values["destination"]
        require((source == null) != (destination == null)) { "give exactly one of -s and -d" }
        return SecureTunnelConfig {
            mode = if (source != null) TunnelMode.SOURCE else TunnelMode.DESTINATION
            accessToken = values["token"] ?: env("AWSIOT_TUNNEL_ACCESS_TOKEN")
                ?: throw IllegalArgumentException("no access token: give -t or set AWSIOT_TUNNEL_ACCESS_TOKEN")
            region = values["region"]
            values["endpoint"]?.let { endpoint(it) }
            require(region != null || endpoint != null) { "give -r (or --endpoint)" }
            values["client"]?.let { clientToken = it }
            values["ca"]?.let { trust = TrustMaterial.fromPemFile(Path.of(it)) }
            source?.let { mappings(it).forEach { (service, port) -> source(service, port(port)) } }
            destination?.let { mappings(it).forEach { (service, target) -> destination(service, target) } }
        }
    }

    private fun options(args: Array<String>): Map<String, String> {
        val values = HashMap<String, String>()
        var i = 0
        while (i < args.size) {
            val name = ALIASES[args[i]] ?: throw IllegalArgumentException("unknown option ${args[i]}")
            require(i + 1 < args.size) { "${args[i]} needs a value" }
            values[name] = args[i + 1]
            i += 2
        }
        return values
    }

    private fun SecureTunnelConfig.Builder.endpoint(value: String) {
        endpoint = value.substringBefore(':')
        port = port(value.substringAfter(':', "443"))
    }

    /** `[host:]port`, host defaulting to localhost. */
    private fun SecureTunnelConfig.Builder.destination(service: String, target: String) {
        val host = if (target.contains(':')) target.substringBeforeLast(':') else "localhost"
        destination(service, host, port(target.substringAfterLast(':')))
    }

    private fun port(value: String): Int = value.toIntOrNull() ?: throw IllegalArgumentException("not a port: $value")

    /** `SSH=2222,HTTP=8080` or a single unnamed value (service id `""`: a V1-style single-service tunnel). */
    private fun mappings(text: String): List<Pair<String, String>> = text.split(',').map {
        if (it.contains('=')) it.substringBefore('=') to it.substringAfter('=') else "" to it
    }

    private val ALIASES = mapOf(
        "-r" to "region", "--region" to "region",
        "-s" to "source", "--source-listen-port" to "source",
        "-d" to "destination", "--destination-app" to "destination",
        "-t" to "token", "--access-token" to "token",
        "--client-token" to "client",
        "--endpoint" to "endpoint", "-e" to "endpoint",
        "--ca" to "ca",
    )
}
