package dev.iotsdk.commands

import dev.iotsdk.model.IotJson
import dev.iotsdk.model.commands.CommandExecutionNotification
import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.DeviceType
import dev.iotsdk.model.commands.RejectedErrorCode
import dev.iotsdk.model.commands.StatusReason
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.mtlsClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds
import software.amazon.awssdk.services.iot.model.CommandExecutionStatus as AwsStatus

class CommandsClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("a JSON command reaches the device over TLS with its content type and timeout; updates are answered") {
            val device = emulator.registerThing("cmd-json")
            ControlPlane(emulator).use { cp ->
                val payload = """{ "message": "Hello IoT" }""".encodeToByteArray()
                val command = cp.createCommand("hello", payload, "application/json")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    CommandsClient(mqtt, DeviceType.THING, "cmd-json").use { commands ->
                        coroutineScope {
                            val events = Channel<CommandsStreamEvent>(Channel.UNLIMITED)
                            val stream = launch(start = CoroutineStart.UNDISPATCHED) {
                                commands.createCommandExecutionsJsonPayloadStream().collect { events.send(it) }
                            }
                            withTimeout(10.seconds) { while (events.receive() !is CommandsStreamEvent.Subscribed) Unit }
                            val id = cp.start(command, cp.thingArn("cmd-json"), timeoutSeconds = 30)
                            val event = withTimeout(10.seconds) {
                                var e = events.receive()
                                while (e !is CommandsStreamEvent.Execution) e = events.receive()
                                e.event
                            }
                            stream.cancel()
                            event.executionId shouldBe id
                            event.payload.decodeToString() shouldBe payload.decodeToString()
                            event.contentType shouldBe "application/json"
                            event.payloadFormat shouldBe "json"
                            event.timeout!! shouldBeInRange 1..30

                            commands.updateCommandExecution(id, CommandExecutionStatus.IN_PROGRESS).executionId shouldBe
                                id
                            commands.updateCommandExecution(
                                id,
                                CommandExecutionStatus.SUCCEEDED,
                                StatusReason("DONE", "said hello"),
                                mapOf("greeting" to CommandExecutionResult.ofString("hello")),
                            ).executionId shouldBe id
                            val late = shouldThrow<CommandsRejectedException> {
                                commands.updateCommandExecution(id, CommandExecutionStatus.FAILED)
                            }
                            late.code shouldBe RejectedErrorCode.TERMINAL_STATE_REACHED
                            late.executionId shouldBe id

                            val stored = cp.get(id, cp.thingArn("cmd-json"))
                            stored.status() shouldBe AwsStatus.SUCCEEDED
                            stored.statusReason().reasonCode() shouldBe "DONE"
                            stored.result()["greeting"]!!.s() shouldBe "hello"
                        }
                    }
                }
            }
        }

        test("an update for an execution that does not exist is rejected with ResourceNotFound") {
            val device = emulator.registerThing("cmd-missing")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                CommandsClient(mqtt, DeviceType.THING, "cmd-missing").use { commands ->
                    shouldThrow<CommandsRejectedException> {
                        commands.updateCommandExecution("no-such-execution", CommandExecutionStatus.SUCCEEDED)
                    }.code shouldBe RejectedErrorCode.RESOURCE_NOT_FOUND
                    shouldThrow<IllegalArgumentException> {
                        commands.updateCommandExecution("x", CommandExecutionStatus.FAILED, StatusReason("lower case"))
                    }
                }
            }
        }

        test("CBOR and other payload formats arrive on their own topics, for a client id target too") {
            val device = emulator.registerThing("cmd-formats")
            ControlPlane(emulator).use { cp ->
                val cbor = cp.createCommand(
                    "cbor-cmd",
                    byteArrayOf(0xA1.toByte(), 0x61, 0x61, 0x01),
                    "application/cbor",
                )
                val plain = cp.createCommand("plain-cmd", "reboot".encodeToByteArray(), null)
                emulator.mtlsClient(device) { clientId = "formats-client" }.use { mqtt ->
                    mqtt.connect()
                    CommandsClient(mqtt, DeviceType.CLIENT, "formats-client").use { commands ->
                        coroutineScope {
                            val subscribed = Channel<Unit>(Channel.UNLIMITED)
                            val cborEvent = async {
                                commands.createCommandExecutionsCborPayloadStream().first {
                                    if (it is CommandsStreamEvent.Subscribed) subscribed.send(Unit)
                                    it is CommandsStreamEvent.Execution
                                } as CommandsStreamEvent.Execution
                            }
                            val plainEvent = async {
                                commands.createCommandExecutionsGenericPayloadStream().first {
                                    if (it is CommandsStreamEvent.Subscribed) subscribed.send(Unit)
                                    it is CommandsStreamEvent.Execution
                                } as CommandsStreamEvent.Execution
                            }
                            withTimeout(10.seconds) { repeat(2) { subscribed.receive() } }
                            val cborId = cp.start(cbor, cp.clientArn("formats-client"))
                            val plainId = cp.start(plain, cp.clientArn("formats-client"))
                            withTimeout(10.seconds) {
                                val c = cborEvent.await().event
                                c.executionId shouldBe cborId
                                c.payloadFormat shouldBe "cbor"
                                c.contentType shouldBe "application/cbor"
                                c.payloadSize shouldBe 4
                                val p = plainEvent.await().event
                                p.executionId shouldBe plainId
                                p.payloadFormat shouldBe null
                                p.contentType shouldBe "application/octet-stream"
                                p.payloadAsString() shouldBe "reboot"
                                p.deviceType shouldBe DeviceType.CLIENT
                            }
                        }
                    }
                }
            }
        }

        test("an execution nobody answers times out in the service with \$NO_RESPONSE_FROM_DEVICE and an event") {
            val device = emulator.registerThing("cmd-silent")
            ControlPlane(emulator).use { cp ->
                val command = cp.createCommand("silent", "{}".encodeToByteArray(), "application/json")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val timedOut = mqtt.openSubscription("\$aws/events/commandExecution/silent/TIMED_OUT")
                    val id = cp.start(command, cp.thingArn("cmd-silent"), timeoutSeconds = 1)
                    val message = withTimeout(10.seconds) { timedOut.messages.first() }
                    val event = IotJson.decodeFromString(
                        CommandExecutionNotification.serializer(),
                        message.payload.decodeToString(),
                    )
                    event.executionId shouldBe id
                    event.statusReason?.reasonCode shouldBe "\$NO_RESPONSE_FROM_DEVICE"
                    event.eventType shouldBe "COMMAND_EXECUTION"
                    val stored = cp.get(id, cp.thingArn("cmd-silent"))
                    stored.status() shouldBe AwsStatus.TIMED_OUT
                    stored.completedAt() shouldBe null
                    timedOut.close()
                }
            }
        }
    })
