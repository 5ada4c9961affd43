package dev.iotsdk.test

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import java.util.Collections
import kotlin.time.Duration.Companion.seconds

/** What a lifecycle event says, without what differs between runs (messages, addresses, delays). */
private fun describe(event: LifecycleEvent): String = when (event) {
    is LifecycleEvent.AttemptingConnect -> "AttemptingConnect(${event.attempt})"
    is LifecycleEvent.ConnectionSuccess -> "ConnectionSuccess(sessionPresent=${event.settings.sessionPresent})"
    is LifecycleEvent.ConnectionFailure -> "ConnectionFailure(${event.cause::class.simpleName})"
    is LifecycleEvent.Disconnection -> "Disconnection(${event.cause::class.simpleName}, ${event.reasonCode})"
    LifecycleEvent.Stopped -> "Stopped"
}

/** Runs [scenario] on [client], recording its lifecycle events, and returns them once the last is `Stopped`. */
private suspend fun eventsOf(
    client: IotMqttClient,
    scenario: suspend (seen: List<LifecycleEvent>) -> Unit,
): List<LifecycleEvent> = coroutineScope {
    val seen = Collections.synchronizedList(mutableListOf<LifecycleEvent>())
    val recorder = launch(start = CoroutineStart.UNDISPATCHED) { client.events.collect { seen += it } }
    scenario(seen)
    eventually(10.seconds, "the client to stop", { "$seen" }) { seen.lastOrNull() == LifecycleEvent.Stopped }
    recorder.cancel()
    seen.toList()
}

private suspend fun awaitEvent(seen: List<LifecycleEvent>, count: Int, what: (LifecycleEvent) -> Boolean) =
    eventually(10.seconds, "$count events", { "$seen" }) { synchronized(seen) { seen.count(what) } >= count }

/** The fake's lifecycle checked against the real client's on the emulator, event for event. */
class FakeMatchesRealClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("connect, a lost connection, the reconnect, disconnect and close emit the same events") {
            val device = emulator.registerThing("lifecycle-real")
            val real = emulator.mtlsClient(device)
            val fromReal = eventsOf(real) { seen ->
                real.connect()
                emulator.disconnectClient("lifecycle-real") shouldBe true
                awaitEvent(seen, 2) { it is LifecycleEvent.ConnectionSuccess }
                real.disconnect()
                real.close()
            }
            val lost = fromReal.filterIsInstance<LifecycleEvent.Disconnection>().single()

            val fake = FakeIotMqttClient(device.thingName)
            val fromFake = eventsOf(fake) {
                fake.connect()
                fake.simulateConnectionLost(lost.cause, lost.reasonCode)
                fake.simulateReconnect(sessionPresent = false)
                fake.disconnect()
                fake.close()
            }
            fromFake.map(::describe) shouldBe fromReal.map(::describe)
        }

        test("failed reconnect attempts are numbered and reported as the real client's") {
            TcpFaultProxy("127.0.0.1", emulator.plainPort!!).start().use { proxy ->
                val real = emulator.plainClient("lifecycle-proxied") { port = proxy.port }
                val fromReal = eventsOf(real) { seen ->
                    real.connect()
                    proxy.refuseNew = true
                    proxy.cutAll()
                    awaitEvent(seen, 2) { it is LifecycleEvent.ConnectionFailure }
                    proxy.refuseNew = false
                    awaitEvent(seen, 2) { it is LifecycleEvent.ConnectionSuccess }
                    real.close()
                }

                val fake = FakeIotMqttClient("lifecycle-proxied")
                val fromFake = eventsOf(fake) {
                    fake.connect()
                    val lost = fromReal.filterIsInstance<LifecycleEvent.Disconnection>().single()
                    fake.simulateConnectionLost(lost.cause, lost.reasonCode)
                    fromReal.filterIsInstance<LifecycleEvent.ConnectionFailure>().forEach {
                        fake.simulateReconnectFailure(it.cause)
                    }
                    fake.simulateReconnect(sessionPresent = false)
                    fake.close()
                }
                fromFake.map(::describe) shouldBe fromReal.map(::describe)
            }
        }

        test("a refused connect emits the same events as the real client's") {
            val device = emulator.registerThing("lifecycle-refused")
            // a policy without iot:Connect: the broker refuses the CONNECT, which the client does not retry
            emulator.createPolicy(
                "publish-only",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}""",
            )
            emulator.attachPolicy("publish-only", device.certificateId)
            val real = emulator.mtlsClient(device)
            val fromReal = eventsOf(real) { runCatching { real.connect() } }
            real.close()
            val refusal = fromReal.filterIsInstance<LifecycleEvent.ConnectionFailure>().single().cause

            val fake = FakeIotMqttClient(device.thingName)
            fake.failNextConnect(refusal)
            val fromFake = eventsOf(fake) { runCatching { fake.connect() } }
            fromFake.map(::describe) shouldBe fromReal.map(::describe)
        }
    })
