package dev.iotsdk.emulator.internal.http

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import dev.iotsdk.emulator.internal.ConnectionTable
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.UUID
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The emulator's HTTP services (data plane, Greengrass discovery, ...): a plain HTTP server on a loopback port that
 * only the front door talks to. The front door terminates TLS on the public `443` and `8443` listeners and relays
 * HTTP connections here, recording what it learned (listener, client certificate) in [ConnectionTable.forwarded]
 * under its relay socket's local port, which is the remote port seen here.
 *
 * Services register a path prefix with [register]; the longest matching prefix wins; no match answers 404.
 * A service that shares paths with another (the control plane's `/things/...` beside the data plane's) registers a
 * `matcher` instead ([registerMatching], e.g. on the SigV4 credential scope's service, [HttpCall.signingService], or
 * on `X-Amz-Target`): matchers are tried first, in registration order.
 */
internal class HttpServices(private val table: ConnectionTable, private val certificateActive: (String) -> Boolean) :
    AutoCloseable {
    private class Entry(val prefix: String, val route: HttpRoute)

    private class Matching(val matcher: (HttpCall) -> Boolean, val route: HttpRoute)

    private val routes = CopyOnWriteArrayList<Entry>()
    private val matching = CopyOnWriteArrayList<Matching>()
    private val ids = AtomicInteger()
    private val executor: ExecutorService = Executors.newFixedThreadPool(THREADS) { r ->
        Thread(r, "iot-emulator-http-${ids.incrementAndGet()}").apply { isDaemon = true }
    }
    private val server: HttpServer = enableNoDelay().create(
        InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        BACKLOG,
    ).apply {
        executor = this@HttpServices.executor
        createContext("/") { exchange -> serve(exchange) }
        start()
    }

    /** The loopback port the front door relays HTTP connections to. */
    val port: Int get() = server.address.port

    /** Routes every request whose path starts with [prefix] to [route]. */
    fun register(prefix: String, route: HttpRoute) {
        require(prefix.startsWith("/")) { "a prefix starts with /" }
        routes += Entry(prefix, route)
    }

    /** Routes every request [matcher] accepts to [route], before any prefix route is considered. */
    fun registerMatching(matcher: (HttpCall) -> Boolean, route: HttpRoute) {
        matching += Matching(matcher, route)
    }

    private fun routeFor(call: HttpCall): HttpRoute? = matching.firstOrNull { it.matcher(call) }?.route
        ?: routes.filter { call.path.startsWith(it.prefix) }.maxByOrNull { it.prefix.length }?.route

    private fun serve(exchange: HttpExchange) {
        val ex = exchange
        try {
            val reply = try {
                val uri = ex.requestURI
                val rawPath = uri.rawPath ?: "/"
                val headers = ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.toList() }
                val body = ex.requestBody.readNBytes(MAX_BODY + 1)
                if (body.size > MAX_BODY) {
                    HttpReply.json(413, """{"message":"The request body is too large"}""")
                } else {
                    val call =
                        HttpCall(
                            ex.requestMethod,
                            rawPath,
                            uri.rawQuery,
                            headers,
                            body,
                            table.forwarded[ex.remoteAddress.port],
                        )
                    dispatch(call)
                }
            } catch (e: Exception) {
                HttpReply.json(500, """{"message":"Internal failure"}""")
            }
            reply.headers.forEach { (k, v) -> ex.responseHeaders.add(k, v) }
            ex.responseHeaders.add("x-amzn-RequestId", UUID.randomUUID().toString())
            if (reply.body.isEmpty()) {
                ex.sendResponseHeaders(reply.status, -1)
            } else {
                ex.sendResponseHeaders(reply.status, reply.body.size.toLong())
                ex.responseBody.write(reply.body)
            }
        } finally {
            ex.close()
        }
    }

    /**
     * Routes [call]. A call made with a certificate that is no longer ACTIVE is refused whatever its route: AWS IoT
     * checks the certificate's status on every request, also on a connection opened while it was ACTIVE.
     */
    fun dispatch(call: HttpCall): HttpReply {
        val certificate = call.certificateId
        if (certificate != null && !certificateActive(certificate)) {
            return HttpReply.json(
                403,
                """{"message":"Forbidden"}""",
                mapOf("x-amzn-ErrorType" to "ForbiddenException:"),
            )
        }
        return routeFor(call)?.handle(call) ?: HttpReply.json(404, """{"message":"Not Found"}""")
    }

    override fun close() {
        server.stop(0)
        executor.shutdownNow()
        executor.awaitTermination(1, TimeUnit.SECONDS)
    }

    private companion object {
        /**
         * The JDK server writes a response's head and body separately; without TCP_NODELAY, Nagle's algorithm holds
         * the body back until the head is acknowledged, which the front door's delayed ACK makes ~40 ms per request.
         * The JDK reads this property once, when its first server starts.
         */
        fun enableNoDelay(): HttpServerFactory {
            if (System.getProperty("sun.net.httpserver.nodelay") ==
                null
            ) {
                System.setProperty("sun.net.httpserver.nodelay", "true")
            }
            return HttpServerFactory
        }

        object HttpServerFactory {
            fun create(address: InetSocketAddress, backlog: Int): HttpServer = HttpServer.create(address, backlog)
        }

        const val THREADS = 8
        const val BACKLOG = 256
        const val MAX_BODY = 1024 * 1024
    }
}
