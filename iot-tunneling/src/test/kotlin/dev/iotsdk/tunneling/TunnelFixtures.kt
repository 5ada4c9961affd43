package dev.iotsdk.tunneling

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.IotEmulator
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.concurrent.thread

/** A tunnel opened on the emulator: its id and both access tokens. */
class OpenedTunnel(val id: String, val sourceToken: String, val destinationToken: String)

/** Calls the emulator's secure tunneling control plane (AWS JSON 1.1, SigV4 `IoTSecuredTunneling`). */
class TunnelControl(private val emulator: IotEmulator) {
    private val http = HttpClient.newBuilder()
        .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem))).build()

    fun call(operation: String, body: String): Pair<Int, JsonObject> {
        val host = "localhost:${emulator.port443}"
        val headers = listOf(
            "content-type" to "application/x-amz-json-1.1",
            "x-amz-target" to "IoTSecuredTunneling.$operation",
        )
        val c = emulator.credentials
        val signed = SigV4.sign(
            SigningRequest("POST", host, "/", emptyList(), headers, body.toByteArray()),
            Credentials(c.accessKeyId, c.secretAccessKey, c.sessionToken),
            emulator.region,
            "IoTSecuredTunneling",
        )
        val request = HttpRequest.newBuilder(URI("https://$host/")).POST(HttpRequest.BodyPublishers.ofString(body))
        (headers + signed.headers).filter {
            it.first.lowercase() != "host"
        }.forEach { request.header(it.first, it.second) }
        val response = http.send(request.build(), HttpResponse.BodyHandlers.ofString())
        return response.statusCode() to Json.parseToJsonElement(response.body().ifEmpty { "{}" }) as JsonObject
    }

    fun open(thing: String, vararg services: String): OpenedTunnel {
        val list = services.joinToString(",") { "\"$it\"" }
        val (status, o) = call("OpenTunnel", """{"destinationConfig":{"thingName":"$thing","services":[$list]}}""")
        check(status == 200) { "OpenTunnel: $status $o" }
        fun s(n: String) = o.getValue(n).jsonPrimitive.content
        return OpenedTunnel(s("tunnelId"), s("sourceAccessToken"), s("destinationAccessToken"))
    }

    fun describe(id: String): JsonObject = call("DescribeTunnel", """{"tunnelId":"$id"}""").second
}

/** A TCP server on localhost answering each connection with [serve] on a thread of its own. */
class LocalServer(private val serve: (Socket) -> Unit) : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val port: Int = server.localPort

    init {
        thread(isDaemon = true, name = "local-server-$port") {
            while (!server.isClosed) {
                val s = runCatching { server.accept() }.getOrNull() ?: break
                thread(isDaemon = true) { s.use { runCatching { serve(it) } } }
            }
        }
    }

    override fun close() = server.close()

    companion object {
        /** Echoes every byte back. */
        fun echo(): LocalServer = LocalServer { s -> s.getInputStream().copyTo(s.getOutputStream()) }
    }
}

/** Configurations of both ends of [tunnel] against [emulator]. */
fun SecureTunnelConfig.Builder.onEmulator(emulator: IotEmulator): SecureTunnelConfig.Builder = apply {
    endpoint = "localhost"
    port = emulator.port443
    trust = TrustMaterial.fromPem(emulator.caCertificatePem)
    reconnectBaseDelay = kotlin.time.Duration.parse("20ms")
    reconnectMaxDelay = kotlin.time.Duration.parse("200ms")
}

/**
 * Reads [size] bytes from this socket, or fewer if it ends first. Each read waits at most 20 s: a blocking read
 * ignores coroutine timeouts, and a lost byte must fail a test, not hang the suite.
 */
fun Socket.readUpTo(size: Int): ByteArray {
    soTimeout = 20_000
    val back = ByteArray(size)
    var n = 0
    val input = getInputStream()
    while (n < size) {
        val r = input.read(back, n, size - n)
        if (r < 0) break
        n += r
    }
    return back.copyOf(n)
}
