package dev.iotsdk.dataplane

import dev.iotsdk.dataplane.internal.ErrorMapping
import dev.iotsdk.dataplane.internal.UserPropertiesCodec
import dev.iotsdk.dataplane.internal.encodeLabel
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.Base64

class ErrorMappingTest :
    FunSpec({
        fun map(status: Int, headers: Map<String, String>, body: String) =
            ErrorMapping.exception("Op", status, { headers[it] }, body.toByteArray())

        test("the x-amzn-ErrorType header wins and is sanitised (before ':' and after '#')") {
            map(
                400,
                mapOf("x-amzn-ErrorType" to "ConflictException:http://internal/"),
                "{}",
            ).shouldBeInstanceOf<ConflictException>()
            map(
                400,
                mapOf("x-amzn-ErrorType" to "aws.iot#ThrottlingException"),
                "{}",
            ).shouldBeInstanceOf<ThrottlingException>()
        }

        test("a numeric shadow error code falls back to the HTTP status") {
            val e = map(404, emptyMap(), """{"code":404,"message":"No shadow exists with name: 'x'"}""")
            e.shouldBeInstanceOf<ResourceNotFoundException>()
            e.message shouldBe "Op failed: ResourceNotFoundException (HTTP 404): No shadow exists with name: 'x'"
        }

        test("body __type, request id, unknown codes") {
            map(
                400,
                mapOf("x-amzn-RequestId" to "r1"),
                """{"__type":"UnsupportedDocumentEncodingException","message":"m"}""",
            ).let {
                it.shouldBeInstanceOf<UnsupportedDocumentEncodingException>()
                it.requestId shouldBe "r1"
            }
            map(418, emptyMap(), """{"__type":"TeapotException"}""").let {
                it.errorCode shouldBe "TeapotException"
                it.statusCode shouldBe 418
            }
            map(502, emptyMap(), "garbage").isRetryable shouldBe true
        }

        test("labels are percent-encoded including '/' and user properties round-trip as base64 JSON") {
            encodeLabel("a/b c+ü~") shouldBe "a%2Fb%20c%2B%C3%BC~"
            val encoded = UserPropertiesCodec.encode(
                listOf(UserProperty("deviceName", "alpha"), UserProperty("deviceCnt", "45")),
            )
            String(Base64.getDecoder().decode(encoded)) shouldBe
                """[{"deviceName":"alpha"},{"deviceCnt":"45"}]"""
            UserPropertiesCodec.decode(encoded) shouldBe
                listOf(UserProperty("deviceName", "alpha"), UserProperty("deviceCnt", "45"))
        }
    })
