package dev.iotsdk.model.commands

import dev.iotsdk.model.IotJson
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject

private fun fixture(name: String): String =
    checkNotNull(CommandsFixturesTest::class.java.getResource("/fixtures/commands/$name")) { name }.readText()

class CommandsFixturesTest :
    FunSpec({
        test("the documented IN_PROGRESS update decodes and encodes back to the same JSON") {
            val text = fixture("commands-update-request-in-progress.json")
            val body = IotJson.decodeFromString(UpdateCommandExecutionBody.serializer(), text)
            body.status shouldBe CommandExecutionStatus.IN_PROGRESS
            body.statusReason shouldBe StatusReason("200", "Execution_in_progress")
            body.statusReason?.problem().shouldBeNull()
            body.result shouldBe mapOf("car_battery" to CommandExecutionResult.ofString("car battery at 50 percent"))
            val again = IotJson.encodeToString(UpdateCommandExecutionBody.serializer(), body)
            Json.parseToJsonElement(again) shouldBe Json.parseToJsonElement(text)
        }

        test("the MQTT test client's update with extra fields decodes (unknown fields are ignored)") {
            val body = IotJson.decodeFromString(
                UpdateCommandExecutionBody.serializer(),
                fixture("commands-update-request-mqtt-test-client.json"),
            )
            body.status shouldBe CommandExecutionStatus.SUCCEEDED
            body.result?.get("car_battery") shouldBe CommandExecutionResult.ofBoolean(true)
        }

        test("accepted and rejected answers decode with typed codes") {
            IotJson.decodeFromString(
                UpdateCommandExecutionResponse.serializer(),
                fixture("commands-update-accepted.json"),
            ).executionId shouldBe "07e4b780-7eca-4ffd-b772-b76358da5542"
            val error = IotJson.decodeFromString(
                V2ErrorResponse.serializer(),
                fixture("commands-update-rejected-terminal.json"),
            )
            error.error shouldBe RejectedErrorCode.TERMINAL_STATE_REACHED
            error.executionId shouldBe "07e4b780-7eca-4ffd-b772-b76358da5542"
            IotJson.decodeFromString(
                V2ErrorResponse.serializer(),
                """{"error":"DataConflict"}""",
            ).error?.isRetryable shouldBe
                true
            val unknown = IotJson.decodeFromString(V2ErrorResponse.serializer(), """{"error":"SomethingNew"}""").error
            unknown?.isKnown shouldBe false
            unknown?.value shouldBe "SomethingNew"
        }

        test("the documented status event decodes") {
            val event = IotJson.decodeFromString(
                CommandExecutionNotification.serializer(),
                fixture("commands-event-failed.json"),
            )
            event.status shouldBe "FAILED"
            event.statusReason shouldBe StatusReason("DEVICE_TOO_BUSY", "")
            event.timestamp shouldBe 1717708862107L
            event.targetArn shouldNotBe null
        }

        test("bin values travel as base64, and a value must have exactly one member") {
            val body = UpdateCommandExecutionBody(
                CommandExecutionStatus.SUCCEEDED,
                result = mapOf("blob" to CommandExecutionResult.ofBinary(byteArrayOf(1, 2, 3))),
            )
            val json = Json.parseToJsonElement(IotJson.encodeToString(UpdateCommandExecutionBody.serializer(), body))
            json.jsonObject["result"]?.jsonObject?.get("blob")?.jsonObject?.get("bin").toString() shouldBe "\"AQID\""
            IotJson.decodeFromString(UpdateCommandExecutionBody.serializer(), json.toString()).result shouldBe
                body.result
            shouldThrow<SerializationException> {
                IotJson.decodeFromString(CommandExecutionResult.serializer(), """{"s":"a","b":true}""")
            }
            shouldThrow<SerializationException> {
                IotJson.decodeFromString(CommandExecutionResult.serializer(), """{"bin":"%%%"}""")
            }
        }

        test("status reasons AWS would refuse are named") {
            StatusReason("bad code").problem() shouldNotBe null
            StatusReason("X".repeat(65)).problem() shouldNotBe null
            StatusReason("OK", "line\nbreak").problem() shouldNotBe null
            StatusReason("OK", "d".repeat(1025)).problem() shouldNotBe null
            StatusReason("DEVICE_TOO_BUSY", "fine").problem().shouldBeNull()
        }
    })
