package dev.iotsdk.emulator.internal.broker

import dev.iotsdk.emulator.internal.AuthMode
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import org.slf4j.LoggerFactory
import java.util.ArrayDeque
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Hands publishes on reserved topics to the services that answer them ([ReservedTopicService]), off broker threads,
 * so that no client can stall the others: each connection's requests run in order on a strand of their own, at most
 * [MAX_QUEUED] requests and [MAX_QUEUED_BYTES] of payload waiting (more are dropped, as a broker drops what a client
 * sends faster than it can be served; a burst of a few hundred small requests, which AWS IoT answers, fits), and
 * the strands share [WORKERS] threads round-robin, one request per turn, so a connection that asks for expensive work
 * (RSA key generation) delays the others by at most one request.
 */
internal class ServiceDispatcher(private val answers: ServiceContext) {
    private val log = LoggerFactory.getLogger(ServiceDispatcher::class.java)
    private val services = CopyOnWriteArrayList<ReservedTopicService>()
    private val ids = AtomicInteger()
    private val workers = ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, LinkedBlockingQueue()) { r ->
        Thread(r, "iot-emulator-services-${ids.incrementAndGet()}").apply { isDaemon = true }
    }

    /** The strands with work, by connection (session id); every change happens inside [ConcurrentHashMap.compute]. */
    private val strands = ConcurrentHashMap<String, Strand>()

    /** One connection's requests, oldest first; the head is the one running. Scheduled once while it has any. */
    private inner class Strand(val sessionId: String) : Runnable {
        val queue = ArrayDeque<ServiceRequest>()
        var bytes = 0L

        override fun run() {
            var head: ServiceRequest? = null
            strands.computeIfPresent(sessionId) { _, s -> s.also { head = it.queue.peek() } }
            val request = head ?: return
            try {
                services.filter { it.handles(request.topic) }.forEach { serve(it, request) }
            } finally {
                strands.computeIfPresent(sessionId) { _, s ->
                    s.queue.poll()?.let { s.bytes -= it.payload.size }
                    if (s.queue.isEmpty()) null else s.also { schedule(it) }
                }
            }
        }
    }

    fun add(service: ReservedTopicService) {
        services += service
    }

    fun dispatch(session: ClientSession, topic: String, payload: ByteArray) {
        if (services.none { it.handles(topic) }) return
        strands.compute(session.sessionId) { id, existing ->
            val strand = existing ?: Strand(id)
            if (strand.queue.size >= MAX_QUEUED || strand.bytes + payload.size > MAX_QUEUED_BYTES) {
                log.warn(
                    "{} has {} service requests ({} bytes) waiting; request on {} dropped",
                    session.clientId,
                    strand.queue.size,
                    strand.bytes,
                    topic,
                )
                return@compute strand
            }
            strand.queue += ServiceRequest(
                session.clientId,
                session.attributes.thingName,
                topic,
                payload,
                strand.queue.size + 1,
                anonymous = session.attributes.authMode == AuthMode.ANONYMOUS,
            )
            strand.bytes += payload.size
            if (existing == null) schedule(strand)
            strand
        }
    }

    private fun schedule(strand: Strand) {
        try {
            workers.execute(strand)
        } catch (ignored: RejectedExecutionException) {
            log.debug("emulator closing; requests of {} dropped", strand.sessionId)
        }
    }

    private fun serve(service: ReservedTopicService, request: ServiceRequest) {
        try {
            service.onRequest(request, answers)
        } catch (
            @Suppress("TooGenericExceptionCaught") e: RuntimeException,
        ) {
            log.warn("service {} failed on {}: {}", service.javaClass.simpleName, request.topic, e.toString())
        }
    }

    fun stop() {
        workers.shutdownNow()
    }

    private companion object {
        const val WORKERS = 4
        const val MAX_QUEUED = 1000
        const val MAX_QUEUED_BYTES = 8L * 1024 * 1024
    }
}
