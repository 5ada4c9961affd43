package dev.iotsdk.auth.credentials

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.Executors

/** A plain-HTTP server on a loopback port answering every request with [handler], for garbage and timeout cases. */
class TinyHttpServer(private val handler: (HttpExchange) -> Unit) : AutoCloseable {
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
        createContext("/") { exchange -> exchange.use { handler(it) } }
        executor =
            Executors.newCachedThreadPool { r -> Thread(r, "tiny-http").apply { isDaemon = true } }
        start()
    }

    val url: String get() = "http://127.0.0.1:${server.address.port}"

    override fun close() = server.stop(0)

    companion object {
        fun HttpExchange.reply(status: Int, body: String, headers: Map<String, String> = emptyMap()) {
            headers.forEach { (k, v) -> responseHeaders.add(k, v) }
            val bytes = body.toByteArray()
            sendResponseHeaders(status, bytes.size.toLong())
            responseBody.write(bytes)
        }
    }
}
