package dev.iotsdk.benchmarks.clients

import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference

/** `--set` keys that every workload passes on to the rows (see [ClientSpec.options]). */
internal val ROW_OPTIONS: Set<String> = setOf("alpn", "rttTls")

/**
 * Where a row connects: plain TCP when [tls] is null, mutual TLS otherwise. [options] are the run's parameters
 * (`--set key=value` included), for row-specific switches such as `alpn`.
 */
internal class ClientSpec(
    val host: String,
    val port: Int,
    val clientId: String,
    val tls: TlsFiles?,
    val options: Map<String, String> = emptyMap(),
)

/** PEM files of the broker's CA and one client certificate. */
internal class TlsFiles(val caPath: Path, val certificatePath: Path, val privateKeyPath: Path)

/** Called once when an operation ends: `null` on success. */
internal fun interface Completion {
    fun complete(error: Throwable?)
}

/**
 * What every workload needs from an MQTT client. Each row implements it with its library's natural asynchronous API
 * (suspend functions for the iotsdk Kotlin row, `CompletableFuture`s for the iotsdk Java view, HiveMQ and the CRT,
 * action listeners for Paho); the workloads drive every row through it the same way.
 */
internal interface BenchClient : AutoCloseable {
    /** Starts connecting (clean start, MQTT 5); [done] runs once the CONNACK arrived or the attempt failed. */
    fun connectAsync(done: Completion)

    /** Publishes; [done] runs after the PUBACK for QoS 1, after the library considers it sent for QoS 0. */
    fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion)

    /**
     * Subscribes to [filter]; [onMessage] runs for every message (on a library thread). Returns once the library
     * reports the SUBACK where its API can tell; workloads then confirm the subscription with [awaitSubscribed].
     */
    fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit)

    /** Incoming messages the client itself dropped (its own bounded buffers), where the library counts them. */
    fun droppedIncoming(): Long? = null

    /**
     * Starts counting the connection's unplanned ends (iotsdk rows: `LifecycleEvent.Disconnection`) and returns the
     * count so far when called; `null` where the row cannot tell. Called by a workload that needs it, so the other
     * workloads (connection scale) pay nothing for it.
     */
    fun countConnectionLosses(): (() -> Long)? = null

    /** Connects and blocks until connected. */
    fun connect(timeoutMillis: Long = CONNECT_TIMEOUT_MILLIS) {
        val latch = CountDownLatch(1)
        val failure = AtomicReference<Throwable?>()
        connectAsync { e ->
            failure.set(e)
            latch.countDown()
        }
        check(latch.await(timeoutMillis, TimeUnit.MILLISECONDS)) { "no CONNACK within $timeoutMillis ms" }
        failure.get()?.let { throw IllegalStateException("connect failed: $it", it) }
    }

    companion object {
        const val CONNECT_TIMEOUT_MILLIS: Long = 30_000
    }
}
