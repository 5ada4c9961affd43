package dev.iotsdk.benchmarks.clients

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicLong

/** Builds the iotsdk client both iotsdk rows use: the same configuration, only the API on top differs. */
internal fun iotsdkClient(spec: ClientSpec): IotMqttClient = IotMqttClient {
    endpoint = spec.host
    port = spec.port
    clientId = spec.clientId
    awsIotLimits = false
    val tls = spec.tls
    if (tls == null) {
        connectionType = ConnectionType.Tcp()
    } else {
        // `--set alpn=true`: the port-443 path (ALPN through the SDK's loopback TLS relay) against the same listener
        connectionType = ConnectionType.MutualTls(
            TlsIdentity.fromPem(Files.readString(tls.certificatePath), Files.readString(tls.privateKeyPath)),
            alpn = spec.options["alpn"] == "true",
        )
        trust = TrustMaterial.fromPem(Files.readString(tls.caPath))
    }
}

/**
 * The iotsdk Kotlin API: `suspend connect/publish` launched in the application's scope (one coroutine per operation,
 * started undispatched so it runs on the calling thread until the first suspension), and the cold
 * `subscribe(filter)` flow collected in a coroutine. One scope serves every client in the JVM, as one application
 * scope would (a scope per client would put the harness's own objects into the per-connection memory figure).
 *
 * [BenchClient] is a callback interface: the other rows run the harness's callbacks on a thread of their library
 * (raw HiveMQ on its application scheduler, RxJava's computation pool by default; the CRT on its event-loop thread;
 * Paho on its callback thread). This row adapts the suspend API to those callbacks with no hand-off of its own: its
 * scope is `Dispatchers.Unconfined`, so a publish resumes, and a collector receives, on the thread that completed it
 * (iotsdk's transport thread), as `CompletableFuture.whenComplete` would. That is the row
 * `iotsdk-kotlin-unconfined`; the headline row `iotsdk-kotlin` runs the same code on `Dispatchers.Default`, as
 * application code usually does: one dispatch to a worker per completion and per message.
 */
internal class IotsdkKotlinClient(spec: ClientSpec, dispatcher: String) : BenchClient {
    private val client = iotsdkClient(spec)
    private val scope = when (dispatcher) {
        "unconfined" -> unconfinedScope
        "default" -> defaultScope
        else -> throw IllegalArgumentException(
            "the Kotlin row's dispatcher must be unconfined or default, not '$dispatcher'",
        )
    }
    private var collectors: MutableList<Job>? = null

    override fun connectAsync(done: Completion) {
        scope.launch(start = CoroutineStart.UNDISPATCHED) { done.complete(attempt { client.connect() }) }
    }

    override fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion) {
        val message = MqttMessage(topic, payload, Qos.of(qos))
        scope.launch(start = CoroutineStart.UNDISPATCHED) { done.complete(attempt { client.publish(message) }) }
    }

    override fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit) {
        val list = collectors ?: mutableListOf<Job>().also { collectors = it }
        list += scope.launch(start = CoroutineStart.UNDISPATCHED) {
            client.subscribe(filter, Qos.of(qos)).collect { onMessage(it.topic, it.payload) }
        }
    }

    override fun droppedIncoming(): Long = client.statistics().droppedIncoming

    override fun countConnectionLosses(): () -> Long {
        val losses = AtomicLong()
        val list = collectors ?: mutableListOf<Job>().also { collectors = it }
        list += scope.launch(start = CoroutineStart.UNDISPATCHED) {
            client.events.collect { if (it is LifecycleEvent.Disconnection) losses.incrementAndGet() }
        }
        return losses::get
    }

    override fun close() {
        collectors?.forEach { it.cancel() }
        client.close()
    }

    private companion object {
        val unconfinedScope = CoroutineScope(SupervisorJob() + Dispatchers.Unconfined)
        val defaultScope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    }

    private inline fun attempt(block: () -> Unit): Throwable? = try {
        block()
        null
    } catch (e: CancellationException) {
        throw e
    } catch (e: Exception) {
        e
    }
}
