package dev.iotsdk.emulator.internal.http

import org.slf4j.LoggerFactory
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The emulator's HTTP services (data plane, control plane, Cognito, credentials provider, Greengrass discovery):
 * routes and the threads that run them. The front door terminates TLS on the public `443` and `8443` listeners and
 * reads each request off the network itself ([HttpExchange]: header and body limits, read and idle timeouts), so
 * a slow client holds no thread here; a complete request is handed to [submit] with the identity of the connection
 * it came on.
 *
 * Services register a path prefix with [register]; the longest matching prefix wins; no match answers 404.
 * A service that shares paths with another (the control plane's `/things/...` beside the data plane's) registers a
 * `matcher` instead ([registerMatching], e.g. on the SigV4 credential scope's service, [HttpCall.signingService], or
 * on `X-Amz-Target`): matchers are tried first, in registration order.
 *
 * Work is bounded: [THREADS] threads and [QUEUE] waiting requests; more are answered 429 at once.
 */
internal class HttpServices(
    private val certificateActive: (String) -> Boolean,
    /** The read and idle timeouts of the connections that carry the services' requests. */
    val settings: HttpSettings,
) : AutoCloseable {
    private class Entry(val prefix: String, val route: HttpRoute)

    private class Matching(val matcher: (HttpCall) -> Boolean, val route: HttpRoute)

    private val log = LoggerFactory.getLogger(HttpServices::class.java)
    private val routes = CopyOnWriteArrayList<Entry>()
    private val matching = CopyOnWriteArrayList<Matching>()
    private val ids = AtomicInteger()
    private val executor = ThreadPoolExecutor(
        THREADS,
        THREADS,
        0,
        TimeUnit.SECONDS,
        ArrayBlockingQueue(QUEUE),
    ) { r -> Thread(r, "iot-emulator-http-${ids.incrementAndGet()}").apply { isDaemon = true } }

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

    /** Runs [call] on a service thread and hands the reply to [reply] there; 429 at once when all are busy. */
    fun submit(call: HttpCall, reply: (HttpReply) -> Unit) {
        try {
            executor.execute { reply(safeDispatch(call)) }
        } catch (ignored: RejectedExecutionException) {
            reply(HttpReply.json(THROTTLED, """{"message":"Rate exceeded"}""", errorType("ThrottlingException")))
        }
    }

    private fun safeDispatch(call: HttpCall): HttpReply = try {
        dispatch(call)
    } catch (
        // also the checked ExecutionException / TimeoutException of the broker's futures: every failure gets AWS's
        // InternalFailureException answer, never a bare 500
        @Suppress("TooGenericExceptionCaught") e: Exception,
    ) {
        log.warn("HTTP service failed on {} {}: {}", call.method, call.path, e.toString())
        HttpReply.json(INTERNAL, """{"message":"Internal failure"}""", errorType("InternalFailureException"))
    }

    /**
     * Routes [call]. A call made with a certificate that is no longer ACTIVE is refused whatever its route: AWS IoT
     * checks the certificate's status on every request, also on a connection opened while it was ACTIVE.
     */
    fun dispatch(call: HttpCall): HttpReply {
        val certificate = call.certificateId
        if (certificate != null && !certificateActive(certificate)) {
            return HttpReply.json(FORBIDDEN, """{"message":"Forbidden"}""", errorType("ForbiddenException"))
        }
        return routeFor(call)?.handle(call)
            ?: HttpReply.json(NOT_FOUND, """{"message":"Not Found"}""", errorType("ResourceNotFoundException"))
    }

    override fun close() {
        executor.shutdownNow()
        executor.awaitTermination(1, TimeUnit.SECONDS)
    }

    private fun errorType(name: String) = mapOf("x-amzn-ErrorType" to "$name:")

    private companion object {
        const val THREADS = 8
        const val QUEUE = 256
        const val FORBIDDEN = 403
        const val NOT_FOUND = 404
        const val THROTTLED = 429
        const val INTERNAL = 500
    }
}
