package dev.iotsdk.samples.tunneling

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.samples.Transcript
import dev.iotsdk.tunneling.SecureTunnel
import dev.iotsdk.tunneling.SecureTunnelConfig
import dev.iotsdk.tunneling.TunnelMode
import dev.iotsdk.tunneling.TunnelNotification
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.io.BufferedReader
import java.io.InputStreamReader
import java.io.PrintWriter
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.seconds

/**
 * Secure tunneling end to end on one laptop: a "device" runs a line-based shell server (the stand-in for sshd),
 * learns of a tunnel from its notify topic and starts the destination proxy; the "operator" opens the tunnel, starts
 * the source proxy and runs a session through it, as `ssh -p <port> localhost` would. docs/iot-tunneling.md shows the
 * same against AWS IoT with a real `ssh`.
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.tunneling.TunnelSample`
 */
public object TunnelSample {
    /** Runs the sample on an embedded emulator. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        IotEmulator.start().use { emulator -> runBlocking { run(emulator, out::say) } }
        out.say("done")
    }

    /** The story, on [emulator]. */
    public suspend fun run(emulator: IotEmulator, say: (String) -> Unit) {
        val shell = ShellServer()
        val mqtt = deviceClient(emulator, "tunnel-device")
        try {
            mqtt.connect()
            val (tunnel, notification) = openAndNotify(emulator, mqtt, say)
            val trust = TrustMaterial.fromPem(emulator.caCertificatePem)
            val device = SecureTunnel(
                notification.destinationConfig(mapOf("SSH" to shell.port)).toBuilder()
                    .endpoint("localhost", emulator.port443).trust(trust).build(),
            )
            val operator = SecureTunnel(
                SecureTunnelConfig {
                    mode = TunnelMode.SOURCE
                    accessToken = tunnel.sourceAccessToken
                    endpoint = "localhost"
                    port = emulator.port443
                    this.trust = trust
                    source("SSH", 0)
                },
            )
            try {
                session(device, operator, say)
            } finally {
                operator.close()
                device.close()
            }
        } finally {
            mqtt.close()
            shell.close()
        }
    }

    /** The operator opens a tunnel to the device; the device hears of it on its notify topic. */
    private suspend fun openAndNotify(
        emulator: IotEmulator,
        mqtt: IotMqttClient,
        say: (String) -> Unit,
    ): Pair<TunnelOpener.Tunnel, TunnelNotification> {
        val notifications = mqtt.openSubscription(TunnelNotification.topic("tunnel-device"))
        val tunnel = TunnelOpener.open(emulator, "tunnel-device", "SSH")
        say("operator: opened tunnel ${tunnel.id}")
        val notification = notifications.use { sub ->
            withTimeout(10.seconds) { sub.messages.mapNotNull { TunnelNotification.parse(it.payload) }.first() }
        }
        say("device: notified of a tunnel for ${notification.services}")
        return tunnel to notification
    }

    /** The device's MQTT client: mutual TLS with a certificate the emulator registers for [thing]. */
    private fun deviceClient(emulator: IotEmulator, thing: String): IotMqttClient {
        val identity = emulator.registerThing(thing)
        return IotMqttClient {
            endpoint = emulator.endpoint
            port = emulator.mqttPort
            connectionType =
                ConnectionType.MutualTls(TlsIdentity.fromPemFiles(identity.certificatePath, identity.privateKeyPath))
            trust = TrustMaterial.fromPemFile(emulator.caPath)
            clientId = thing
        }
    }

    /** Starts both proxies and runs a shell session through them, as `ssh -p <port> localhost` would. */
    private suspend fun session(device: SecureTunnel, operator: SecureTunnel, say: (String) -> Unit) {
        device.start()
        operator.start()
        device.awaitConnected()
        operator.awaitConnected()
        val port = operator.localPorts.value.getValue("SSH")
        say("operator: the device's shell is at localhost:$port (protocol V${operator.protocolVersion.value})")
        Socket("localhost", port).use { s ->
            val input = BufferedReader(InputStreamReader(s.getInputStream()))
            val output = PrintWriter(s.getOutputStream(), true)
            say("session: ${input.readLine()}")
            listOf("whoami", "uptime", "exit").forEach { command ->
                output.println(command)
                say("session: $ $command -> ${input.readLine()}")
            }
        }
    }

    /** A line-based stand-in for sshd: answers a few commands, `exit` ends the session. */
    public class ShellServer : AutoCloseable {
        private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

        /** The port it listens on. */
        public val port: Int = server.localPort

        init {
            thread(isDaemon = true, name = "shell-server") {
                while (!server.isClosed) {
                    val s = runCatching { server.accept() }.getOrNull() ?: break
                    thread(isDaemon = true) { s.use { session(it) } }
                }
            }
        }

        private fun session(s: Socket) {
            val input = BufferedReader(InputStreamReader(s.getInputStream()))
            val output = PrintWriter(s.getOutputStream(), true)
            output.println("welcome to the device")
            while (true) {
                when (input.readLine() ?: return) {
                    "whoami" -> output.println("pi")
                    "uptime" -> output.println("up ${ProcessHandle.current().info().totalCpuDuration().orElse(null)}")
                    "exit" -> {
                        output.println("logout")
                        return
                    }
                    else -> output.println("command not found")
                }
            }
        }

        override fun close(): Unit = server.close()
    }
}
