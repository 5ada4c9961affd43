package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.core.internal.TopicMatcher
import dev.iotsdk.core.internal.requestresponse.FieldReadResult
import dev.iotsdk.core.internal.requestresponse.JsonCorrelationTokenReader
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf

private fun read(json: String, field: String = "clientToken") =
    JsonCorrelationTokenReader.read(json.encodeToByteArray(), field)

class CorrelationTokenReaderTest :
    FunSpec({
        test("reads a top-level string, unescaping") {
            read(
                """{"clientToken":"a\"b\\c\/d\u00e9\ud83d\ude00\n"}""",
            ).shouldBeInstanceOf<FieldReadResult.Found>().value shouldBe
                "a\"b\\c/d\u00e9\ud83d\ude00\n"
        }

        test("ignores nested fields of the same name and skips values of every kind") {
            val json = """ { "state": {"clientToken":"inner", "a":[1, -2.5e3, true, false, null, {"x":"}"}]}, """ +
                """"clientToken" : "outer" } """
            read(json).shouldBeInstanceOf<FieldReadResult.Found>().value shouldBe "outer"
            read("""{"state":{"clientToken":"inner"}}""") shouldBe FieldReadResult.Absent
        }

        test("absent, null and non-object documents have no token") {
            read("""{"code":404}""") shouldBe FieldReadResult.Absent
            read("""{"clientToken":null}""") shouldBe FieldReadResult.Absent
            read("""["clientToken"]""") shouldBe FieldReadResult.Absent
            read("""{"code":404}""", "code").shouldBeInstanceOf<FieldReadResult.Found>().value shouldBe "404"
        }

        test("a malformed document's reason quotes none of it (issue 19 item 6)") {
            listOf(
                """{"clientToken":"t","privateKey":"SECRETKEY""",
                """{"clientToken":"t","privateKey":"SECRETKEY"} SECRETKEY""",
                """{"privateKey":"SECRETKEY\u00""",
                """{"clientToken":"t" "privateKey":"SECRETKEY"}""",
            ).forEach { json ->
                val reason = read(json).shouldBeInstanceOf<FieldReadResult.Malformed>().reason
                reason shouldNotContain "SECRET"
            }
        }

        test("malformed documents are reported") {
            listOf(
                "",
                "not json",
                """{"clientToken":"a"""",
                """{"clientToken":"a",}""",
                """{"a":"\x"}""",
                """{"a":1} trailing""",
                """{"a":"\u12"}""",
                "[".repeat(1000),
            ).forEach { read(it).shouldBeInstanceOf<FieldReadResult.Malformed>() }
            JsonCorrelationTokenReader.read(
                byteArrayOf(0x7b, 0xff.toByte(), 0x7d),
                "a",
            ).shouldBeInstanceOf<FieldReadResult.Malformed>()
        }

        test("topic filters match with + and # but not \$ topics from a leading wildcard") {
            TopicMatcher.matches("\$aws/things/t/shadow/get/+", "\$aws/things/t/shadow/get/accepted") shouldBe true
            TopicMatcher.matches("\$aws/things/t/shadow/get/+", "\$aws/things/t/shadow/get") shouldBe false
            TopicMatcher.matches("a/#", "a") shouldBe true
            TopicMatcher.matches("a/#", "a/b/c") shouldBe true
            TopicMatcher.matches("#", "\$aws/x") shouldBe false
            TopicMatcher.matches("+/x", "a/x") shouldBe true
            TopicMatcher.matches("a/b", "a/b/c") shouldBe false
        }
    })
