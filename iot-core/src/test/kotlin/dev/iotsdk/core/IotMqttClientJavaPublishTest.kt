package dev.iotsdk.core

import dev.iotsdk.core.it.crash.DroppingBroker
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotStartWith
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * The Java view's publish on the client's fast path (connected, nothing queued, a window slot free), which takes no
 * coroutine: the acknowledgement's callback hands the outcome to the view, which completes the future off the
 * transport's thread; closing the client still cancels what waits.
 */
class IotMqttClientJavaPublishTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun javaClient(port: Int, id: String): IotMqttClientJava = IotMqttClient {
            endpoint = "127.0.0.1"
            this.port = port
            connectionType = ConnectionType.Tcp()
            clientId = id
        }.asJava()

        test("fast-path futures complete with the acknowledgement, never on the transport's I/O thread") {
            javaClient(requireNotNull(emulator.plainPort), "java-fast").use { client ->
                client.connect().get(10, TimeUnit.SECONDS)
                val threads = (1..200).map { i ->
                    val qos = if (i % 2 == 0) Qos.AT_LEAST_ONCE else Qos.AT_MOST_ONCE
                    client.publish("java/fast/$i", byteArrayOf(i.toByte()), qos)
                        .thenApply { result -> result.qos to Thread.currentThread().name }
                }.map { it.get(10, TimeUnit.SECONDS) }
                threads shouldHaveSize 200
                threads.count { it.first == Qos.AT_LEAST_ONCE } shouldBe 100
                // HiveMQ's Netty threads: a dependent stage that blocks there would stall the connection
                threads.forEach { (_, name) -> name shouldNotStartWith "com.hivemq.client.mqtt" }
            }
        }

        test("closing the client cancels a fast-path publish still waiting for its PUBACK, and later ones at once") {
            DroppingBroker(dropOnPublish = false).use { broker ->
                val client = javaClient(broker.port, "java-unacked")
                client.connect().get(10, TimeUnit.SECONDS)
                val pending: CompletableFuture<PublishResult> = client.publish("java/unacked", byteArrayOf(1))
                eventually(10.seconds) { broker.dropped.get() shouldBeGreaterThan 0 }
                pending.isDone shouldBe false
                client.close()
                shouldThrow<CancellationException> { pending.get(10, TimeUnit.SECONDS) }
                pending.isCancelled shouldBe true
                val later = client.publish("java/unacked", byteArrayOf(2))
                shouldThrow<CancellationException> { later.get(10, TimeUnit.SECONDS) }
            }
        }
    })
