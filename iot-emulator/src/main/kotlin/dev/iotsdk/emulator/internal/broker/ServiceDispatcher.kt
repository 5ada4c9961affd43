package dev.iotsdk.emulator.internal.broker

import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import org.slf4j.LoggerFactory
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicInteger

/** Hands publishes on reserved topics to the services that answer them ([ReservedTopicService]), off broker threads. */
internal class ServiceDispatcher(private val answers: ServiceContext) {
    private val log = LoggerFactory.getLogger(ServiceDispatcher::class.java)
    private val services = CopyOnWriteArrayList<ReservedTopicService>()
    private val serviceThread: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "iot-emulator-services").apply { isDaemon = true }
    }

    /** Service requests waiting or running, by connection (session id): the shadow service's in-flight count. */
    private val queuedRequests = ConcurrentHashMap<String, AtomicInteger>()

    fun add(service: ReservedTopicService) {
        services += service
    }

    fun dispatch(session: ClientSession, topic: String, payload: ByteArray) {
        val handlers = services.filter { it.handles(topic) }
        if (handlers.isEmpty()) return
        val pending = queuedRequests.computeIfAbsent(session.sessionId) { AtomicInteger() }
        val request =
            ServiceRequest(session.clientId, session.attributes.thingName, topic, payload, pending.incrementAndGet())
        try {
            serviceThread.execute {
                try {
                    handlers.forEach { run(it, request) }
                } finally {
                    if (pending.decrementAndGet() == 0) queuedRequests.remove(session.sessionId, pending)
                }
            }
        } catch (ignored: RejectedExecutionException) {
            log.debug("emulator closing; request on {} dropped", topic)
        }
    }

    private fun run(service: ReservedTopicService, request: ServiceRequest) {
        try {
            service.onRequest(request, answers)
        } catch (
            @Suppress("TooGenericExceptionCaught") e: RuntimeException,
        ) {
            log.warn("service {} failed on {}: {}", service.javaClass.simpleName, request.topic, e.toString())
        }
    }

    fun stop() {
        serviceThread.shutdownNow()
    }
}
