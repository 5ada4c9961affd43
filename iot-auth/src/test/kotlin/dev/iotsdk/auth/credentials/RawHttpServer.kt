package dev.iotsdk.auth.credentials

import java.net.InetAddress
import java.net.ServerSocket
import kotlin.concurrent.thread

/**
 * A socket-level HTTP/1.1 server that writes each answer byte for byte (headers such as `Date` included, which the
 * JDK server would overwrite), one request per connection. [answer] gets the request head and returns the response.
 */
class RawHttpServer(private val answer: (String) -> String) : AutoCloseable {
    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

    init {
        thread(isDaemon = true, name = "raw-http") {
            while (!socket.isClosed) {
                val client = runCatching { socket.accept() }.getOrNull() ?: break
                client.use { s ->
                    val input = s.getInputStream()
                    val head = StringBuilder()
                    while (!head.endsWith("\r\n\r\n")) {
                        val b = input.read()
                        if (b < 0) break
                        head.append(b.toChar())
                    }
                    val length = Regex("(?i)content-length: *(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
                    input.readNBytes(length)
                    s.getOutputStream().write(answer(head.toString()).toByteArray())
                    s.getOutputStream().flush()
                }
            }
        }
    }

    val url: String get() = "http://127.0.0.1:${socket.localPort}"

    override fun close() = socket.close()

    companion object {
        fun response(status: Int, body: String, headers: Map<String, String>): String {
            val bytes = body.toByteArray()
            val lines = headers + mapOf("Content-Length" to bytes.size.toString(), "Connection" to "close")
            return "HTTP/1.1 $status X\r\n" + lines.entries.joinToString("") { "${it.key}: ${it.value}\r\n" } + "\r\n" +
                body
        }
    }
}
