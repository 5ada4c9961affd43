package dev.iotsdk.benchmarks.clients

import dev.iotsdk.core.IotMqttClientJava
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import java.util.concurrent.atomic.AtomicLong
import java.util.function.Consumer

/**
 * The iotsdk Java view (`client.asJava()`): `CompletableFuture`s for connect/publish and a `Consumer` subscription,
 * callbacks on the view's own executor (its default, one daemon thread), as a Java user would write it.
 */
internal class IotsdkJavaClient(spec: ClientSpec) : BenchClient {
    private val client: IotMqttClientJava = iotsdkClient(spec).asJava()
    private val subscriptions = mutableListOf<AutoCloseable>()

    override fun connectAsync(done: Completion) {
        client.connect().whenComplete { _, e -> done.complete(e) }
    }

    override fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion) {
        client.publish(MqttMessage(topic, payload, Qos.of(qos))).whenComplete { _, e -> done.complete(e) }
    }

    override fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit) {
        subscriptions += client.subscribe(filter, Qos.of(qos), Consumer { onMessage(it.topic, it.payload) })
    }

    override fun droppedIncoming(): Long = client.statistics.droppedIncoming

    override fun countConnectionLosses(): () -> Long {
        val losses = AtomicLong()
        subscriptions += client.addLifecycleListener(
            Consumer { if (it is LifecycleEvent.Disconnection) losses.incrementAndGet() },
        )
        return losses::get
    }

    override fun close() {
        subscriptions.forEach { it.close() }
        client.close()
    }
}
