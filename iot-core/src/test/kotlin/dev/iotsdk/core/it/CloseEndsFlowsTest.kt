package dev.iotsdk.core.it

import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 22 item 1: `close()` ends every message flow the same way (normally), whether its SUBSCRIBE is still pending
 * or acknowledged, so the README's snippet in `runBlocking` returns instead of failing with [ClientClosedException].
 */
class CloseEndsFlowsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("a collector whose SUBSCRIBE is still pending ends normally when the client closes") {
            // never connected: the SUBSCRIBE waits in the offline queue, exactly like one whose SUBACK is on its way
            val client = emulator.plainClient("close-pending")
            coroutineScope {
                val collector =
                    async(start = CoroutineStart.UNDISPATCHED) { client.subscribe("close/pending").toList() }
                withTimeout(10.seconds) {
                    while (client.statistics().incompleteOperationCount == 0L) yield()
                }
                client.close()
                withTimeout(10.seconds) { collector.await() } shouldBe emptyList()
            }
        }

        test("active subscriptions, openSubscription's messages and the client's messages all end normally") {
            val client = emulator.plainClient("close-active")
            client.connect()
            coroutineScope {
                val sub = client.openSubscription("close/active")
                val received = CompletableDeferred<Unit>()
                val open = async { sub.messages.onEach { received.complete(Unit) }.toList() }
                val all = async(start = CoroutineStart.UNDISPATCHED) { client.messages.toList() }
                val cold = async(start = CoroutineStart.UNDISPATCHED) { client.subscribe("close/cold").toList() }
                client.publish(MqttMessage.text("close/active", "one"))
                withTimeout(10.seconds) { received.await() }
                client.close()
                withTimeout(10.seconds) {
                    open.await().map { it.payloadAsString() } shouldBe listOf("one")
                    all.await() // ends normally (it may or may not have taken "one" before the close)
                    cold.await() shouldBe emptyList()
                }
            }
        }

        test("collecting after close ends at once; suspending calls fail with ClientClosedException") {
            val client = emulator.plainClient("close-after")
            val flow = client.messages
            client.close()
            withTimeout(10.seconds) { flow.toList() } shouldBe emptyList()
            shouldThrow<ClientClosedException> { client.connect() }
            shouldThrow<ClientClosedException> { client.openSubscription("close/after") }
        }
    })
