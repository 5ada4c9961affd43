package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import java.nio.charset.CharacterCodingException

@OptIn(InternalIotSdkApi::class)
class DecodeFailuresTest :
    FunSpec({
        @Serializable
        data class Keys(val certificateId: String, val privateKey: String, val count: Int = 0)

        @Serializable
        data class Kind(val kind: Kinds)

        val secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7SECRET"

        fun failureOf(json: String, decode: (String) -> Any): Throwable =
            runCatching { decode(json) }.exceptionOrNull() ?: error("decoding $json did not fail")

        val cases = mapOf(
            "truncated JSON" to """{"certificateId":"c","privateKey":"$secret""",
            "a wrong type" to """{"certificateId":"c","privateKey":"$secret","count":"$secret"}""",
            "trailing garbage" to """{"certificateId":"c","privateKey":"k"} $secret""",
            "a string where an object is" to "\"$secret\"",
        )
        for ((name, json) in cases) {
            test("$name is described without the payload") {
                val failure = failureOf(json) { Json.decodeFromString(Keys.serializer(), it) }
                failure.message.orEmpty() shouldContain "SECRET" // what a service client used to copy
                val described = DecodeFailures.describe(failure)
                described shouldNotContain "SECRET"
                described shouldNotContain "MIIE"
            }
        }

        test("an unknown enum value is not quoted") {
            val failure = failureOf("""{"kind":"$secret"}""") { Json.decodeFromString(Kind.serializer(), it) }
            DecodeFailures.describe(failure) shouldNotContain "SECRET"
        }

        test("missing fields are named from the schema") {
            val failure = failureOf("{}") { Json.decodeFromString(Keys.serializer(), it) }
            DecodeFailures.describe(failure) shouldBe "required fields are missing: certificateId, privateKey"
        }

        test("a syntax error keeps its offset") {
            val failure = failureOf("""{"certificateId":}""") { Json.decodeFromString(Keys.serializer(), it) }
            DecodeFailures.describe(failure) shouldContain "at offset"
        }

        test("a missing-field message that names something odd is not repeated") {
            val forged = IllegalArgumentException("Field '$secret-----END' is required for type X")
            DecodeFailures.describe(forged) shouldNotContain "SECRET"
        }

        test("invalid UTF-8 and deep nesting have their own reasons") {
            DecodeFailures.describe(CharacterCodingException()) shouldBe "the payload is not valid UTF-8"
            DecodeFailures.describe(StackOverflowError()) shouldBe "the JSON is nested too deeply"
        }
    })

@Serializable
enum class Kinds { A, B }
