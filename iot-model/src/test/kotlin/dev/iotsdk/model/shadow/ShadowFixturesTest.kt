package dev.iotsdk.model.shadow

import dev.iotsdk.model.IotJson
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

private val FIXTURES: Path = Paths.get("../../shared/spec/fixtures")

/** Which model type reads each shadow fixture. */
private fun serializerFor(name: String): KSerializer<*> = when {
    name.startsWith("shadow-delete-") -> ShadowDeleteResponse.serializer()
    name == "shadow-delta.json" -> ShadowDeltaMessage.serializer()
    name == "shadow-documents.json" -> ShadowDocumentsMessage.serializer()
    name.startsWith("shadow-error-") -> ShadowErrorResponse.serializer()
    name == "shadow-invalid-array-null-request.json" -> ShadowState.serializer()
    name.startsWith("shadow-update-request-") -> ShadowUpdateRequest.serializer()
    name.startsWith("shadow-get-") ||
        name.startsWith("shadow-update-accepted-") ||
        name == "shadow-delta-nested-example.json" ->
        ShadowDocument.serializer()
    else -> error("no model type for fixture $name; map it in ShadowFixturesTest")
}

@Serializable
private data class Lamp(val color: String? = null, val power: String? = null)

class ShadowFixturesTest :
    FunSpec({
        val files = Files.list(FIXTURES).use { s ->
            s.filter {
                it.fileName.toString().let { n ->
                    n.startsWith("shadow-") &&
                        n.endsWith(".json")
                }
            }.sorted().toList()
        }

        test("the shadow fixtures are found") {
            files.shouldNotBeEmpty()
        }

        for (file in files) {
            test("${file.fileName} decodes and re-encodes without loss") {
                val text = Files.readString(file)

                @Suppress("UNCHECKED_CAST")
                val serializer = serializerFor(file.fileName.toString()) as KSerializer<Any>
                val decoded = IotJson.decodeFromString(serializer, text)
                IotJson.encodeToJsonElement(serializer, decoded) shouldBe IotJson.parseToJsonElement(text)
            }
        }

        test("an explicit null section and null keys are kept") {
            val request = IotJson.decodeFromString<ShadowUpdateRequest>(
                Files.readString(FIXTURES.resolve("shadow-update-request-desired-null.json")),
            )
            request.state.shouldNotBeNull().deleteDesired shouldBe true
            IotJson.encodeToString(ShadowUpdateRequest.serializer(), request) shouldBe
                """{"state":{"desired":null,"reported":{"color":"red"}}}"""
            val deleteKey = ShadowUpdateRequest(ShadowState(desired = buildJsonObject { put("engine", JsonNull) }))
            IotJson.encodeToString(ShadowUpdateRequest.serializer(), deleteKey) shouldBe
                """{"state":{"desired":{"engine":null}}}"""
        }

        test("unknown fields are tolerated") {
            val doc = IotJson.decodeFromString<ShadowDocument>(
                """{"state":{"reported":{"a":1},"future":{}},"version":3,"newField":[1]}""",
            )
            doc.version shouldBe 3
            doc.state.shouldNotBeNull().reported.shouldNotBeNull()["a"].shouldNotBeNull().jsonPrimitive.int shouldBe 1
        }

        test("state decodes into a user's serializable type and encodes from it") {
            val request = IotJson.decodeFromString<ShadowUpdateRequest>(
                Files.readString(FIXTURES.resolve("shadow-update-request-desired.json")),
            )
            request.state.shouldNotBeNull().desiredAs<Lamp>() shouldBe Lamp("red", "on")
            ShadowState.desired(Lamp(color = "blue")).desired shouldBe
                JsonObject(mapOf("color" to IotJson.parseToJsonElement("\"blue\"")))
            val reported = ShadowState.reported(Lamp(power = "off")).toJsonObject()["reported"].shouldNotBeNull()
            reported.jsonObject["power"].shouldNotBeNull().jsonPrimitive.content shouldBe "off"
        }

        test("an error response carries its code and message") {
            val error = IotJson.decodeFromString<ShadowErrorResponse>(
                Files.readString(FIXTURES.resolve("shadow-error-409.json")),
            )
            error.code shouldBe 409
            error.message shouldBe "Version conflict"
            error.clientToken shouldBe "426bfd96-e720-46d3-95cd-014e3ef12bb6"
        }
    })
