package dev.iotsdk.emulator.cli

import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorConfig
import dev.iotsdk.emulator.greengrass.RunningGreengrassCore
import dev.iotsdk.emulator.internal.greengrass.DiscoveryService
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.add
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.io.PrintStream
import java.nio.file.Paths
import java.util.concurrent.CountDownLatch
import kotlin.system.exitProcess

/**
 * The `iot-emulator` command line: `java -jar iot-emulator-<version>-all.jar [options]`.
 *
 * Options: `--thing NAME` (repeatable), `--json` (print one JSON object on the first stdout line once ready),
 * `--region R`, `--account-id A`, `--port-mqtt P`, `--port-443 P`, `--port-8443 P`, `--port-plain P`, `--no-plain`,
 * `--data-dir DIR`, `--server-name NAME` (repeatable: a DNS name or IP address the server certificate names besides
 * `localhost`, e.g. `10.0.2.2` for the Android emulator), `--greengrass-core NAME` (repeatable: a Greengrass v2 core
 * device NAME with a running core MQTT endpoint in its connectivity, so discovery can be tried from any language),
 * `--authorizer-function NAME=SOURCE` (repeatable: the decision of authorizers CreateAuthorizer makes with
 * `authorizerFunctionArn` `arn:aws:lambda:<region>:<account>:function:NAME`, from an http(s) endpoint that receives
 * AWS's Lambda event, or from a JSON rules file), `--ignore-stdin` (run until SIGTERM instead of until stdin
 * closes), `--help`.
 */
public object Main {
    /** Entry point; exits the JVM when the emulator stops. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val code = run(args, System.out, System.err, waitForStdin = true)
        exitProcess(code)
    }

    /**
     * Runs the command line with explicit streams. When [waitForStdin] is `false` the emulator is closed right after
     * the ready line (used by tests); otherwise it runs until stdin closes or the JVM is terminated.
     * @return the process exit code.
     */
    @JvmStatic
    public fun run(args: Array<String>, out: PrintStream, err: PrintStream, waitForStdin: Boolean): Int {
        val options = try {
            Options.parse(args)
        } catch (e: IllegalArgumentException) {
            err.println("iot-emulator: ${e.message}")
            err.println(USAGE)
            return 2
        }
        if (options.help) {
            out.println(USAGE)
            return 0
        }
        val emulator = try {
            IotEmulator.start(options.config)
        } catch (e: IllegalStateException) {
            err.println("iot-emulator: ${e.message}")
            return 1
        }
        val stopped = CountDownLatch(1)
        val hook = Thread({
            emulator.close()
            stopped.countDown()
        }, "iot-emulator-shutdown")
        Runtime.getRuntime().addShutdownHook(hook)
        try {
            options.authorizerFunctions.forEach { (name, source) ->
                emulator.runtime.authorizerFunctions.declare(name, source)
            }
            val things = options.things.map { emulator.registerThing(it) }
            val cores = options.greengrassCores.map { startCore(emulator, it) }
            if (options.json) {
                out.println(readyJson(emulator, things, cores))
            } else {
                printHuman(out, emulator, things)
                cores.forEach { out.println("  Greengrass core ${it.first}: MQTT port ${it.second.port}") }
            }
            out.flush()
            if (waitForStdin && !options.ignoreStdin) {
                while (System.`in`.read() >= 0) {
                    // consume input until EOF
                }
            } else if (waitForStdin) {
                stopped.await()
            }
        } finally {
            runCatching { Runtime.getRuntime().removeShutdownHook(hook) }
            emulator.close()
        }
        return 0
    }

    /** A Greengrass v2 core device [name] (group `greengrassV2-coreDevice-<name>`) with a running core endpoint. */
    private fun startCore(emulator: IotEmulator, name: String): Pair<String, RunningGreengrassCore> {
        val group = emulator.greengrass.createGroup(DiscoveryService.V2_GROUP_PREFIX + name, name)
        return name to emulator.greengrass.startCore(group.groupId)
    }

    /** The `--json` ready line. */
    internal fun readyJson(
        emulator: IotEmulator,
        things: List<DeviceIdentity>,
        cores: List<Pair<String, RunningGreengrassCore>> = emptyList(),
    ): JsonObject = buildJsonObject {
        put("endpoint", emulator.endpoint)
        put("mqttPort", emulator.mqttPort)
        put("port443", emulator.port443)
        put("port8443", emulator.port8443)
        put("plainPort", emulator.plainPort)
        // the HTTPS APIs (data plane, control plane, Cognito, Greengrass control plane) and Greengrass discovery
        put("httpsPort", emulator.port443)
        put("discoveryPort", emulator.port8443)
        put("wssPath", emulator.wssPath)
        put("caPath", emulator.caPath.toString())
        put("region", emulator.region)
        put("accountId", emulator.accountId)
        putJsonObject("credentials") {
            put("accessKeyId", emulator.credentials.accessKeyId)
            put("secretAccessKey", emulator.credentials.secretAccessKey)
        }
        putJsonArray("things") {
            things.forEach { t ->
                addJsonObject {
                    put("name", t.thingName)
                    put("certPath", t.certificatePath.toString())
                    put("keyPath", t.privateKeyPath.toString())
                    put("certificateId", t.certificateId)
                }
            }
        }
        putJsonArray("greengrassCores") {
            cores.forEach { (name, core) ->
                addJsonObject {
                    put("thingName", name)
                    put("groupId", core.groupId)
                    put("port", core.port)
                }
            }
        }
        putJsonArray("protocols") {
            add("mqtt-mtls")
            add("mqtt-alpn-443")
            add("wss-sigv4")
        }
    }

    private fun printHuman(out: PrintStream, emulator: IotEmulator, things: List<DeviceIdentity>) {
        out.println("AWS IoT Core emulator ready (region ${emulator.region}, account ${emulator.accountId})")
        out.println("  endpoint        ${emulator.endpoint}")
        out.println("  MQTT mutual TLS ${emulator.mqttPort}   (the 8883 role)")
        out.println(
            "  ALPN port       ${emulator.port443}   (the 443 role: x-amzn-mqtt-ca, mqtt, WebSocket " +
                "${emulator.wssPath}, HTTPS)",
        )
        out.println("  mTLS HTTPS port ${emulator.port8443}   (the 8443 role: Greengrass discovery)")
        out.println("  plain MQTT      ${emulator.plainPort ?: "disabled"}")
        out.println("  CA certificate  ${emulator.caPath}")
        things.forEach { out.println("  thing ${it.thingName}: cert ${it.certificatePath}, key ${it.privateKeyPath}") }
        out.println("For the AWS CLI and AWS SDKs, paste into a shell (the emulator's own local test credentials):")
        AwsCliEnvironment.lines(emulator).forEach(out::println)
        out.println("Close stdin (Ctrl-D) or send SIGTERM to stop.")
    }

    private const val USAGE = """usage: iot-emulator [--thing NAME]... [--json] [--region R] [--account-id A]
                    [--port-mqtt P] [--port-443 P] [--port-8443 P] [--port-plain P] [--no-plain] [--data-dir DIR]
                    [--server-name NAME]... [--greengrass-core NAME]...
                    [--authorizer-function NAME=URL|FILE]... [--ignore-stdin] [--help]
A local AWS IoT Core. Runs until stdin closes (or until SIGTERM with --ignore-stdin)."""

    private class Options(
        val config: IotEmulatorConfig,
        val things: List<String>,
        val json: Boolean,
        val help: Boolean,
        val ignoreStdin: Boolean,
        val greengrassCores: List<String>,
        val authorizerFunctions: List<Pair<String, String>>,
    ) {
        companion object {
            fun parse(args: Array<String>): Options {
                val builder = IotEmulatorConfig.builder()
                val things = mutableListOf<String>()
                val serverNames = mutableListOf<String>()
                val cores = mutableListOf<String>()
                val functions = mutableListOf<Pair<String, String>>()
                var json = false
                var help = false
                var ignoreStdin = false
                var i = 0
                fun value(name: String): String =
                    args.getOrNull(++i) ?: throw IllegalArgumentException("$name needs a value")
                fun port(name: String): Int = value(name).toIntOrNull()?.takeIf { it in 0..65535 }
                    ?: throw IllegalArgumentException("$name needs a port number")
                while (i < args.size) {
                    when (val arg = args[i]) {
                        "--thing" -> things += value(arg)
                        "--json" -> json = true
                        "--help", "-h" -> help = true
                        "--region" -> builder.region = value(arg)
                        "--account-id" -> builder.accountId = value(arg)
                        "--port-mqtt", "--port-8883" -> builder.mqttPort = port(arg)
                        "--port-443" -> builder.port443 = port(arg)
                        "--port-8443" -> builder.port8443 = port(arg)
                        "--port-plain" -> builder.plainPort = port(arg)
                        "--no-plain" -> builder.enablePlainPort = false
                        "--data-dir" -> builder.dataDir = Paths.get(value(arg))
                        "--server-name" -> serverNames += value(arg)
                        "--greengrass-core" -> cores += value(arg)
                        "--authorizer-function" -> functions += value(arg).let {
                            require('=' in it) { "--authorizer-function needs NAME=URL or NAME=FILE" }
                            it.substringBefore('=') to it.substringAfter('=')
                        }
                        "--ignore-stdin" -> ignoreStdin = true
                        else -> throw IllegalArgumentException("unknown option $arg")
                    }
                    i++
                }
                builder.serverNames = serverNames
                return Options(builder.build(), things, json, help, ignoreStdin, cores, functions)
            }
        }
    }
}
