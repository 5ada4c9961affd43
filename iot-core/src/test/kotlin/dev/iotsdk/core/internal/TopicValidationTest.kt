package dev.iotsdk.core.internal

import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.PayloadTooLargeException
import io.kotest.assertions.throwables.shouldNotThrowAny
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class TopicValidationTest :
    FunSpec({
        val aws = TopicValidation.of(awsLimits = true)
        val plain = TopicValidation.of(awsLimits = false)

        test("valid names and filters pass") {
            shouldNotThrowAny {
                aws.checkTopicName("a/b/c")
                aws.checkTopicFilter("a/+/c")
                aws.checkTopicFilter("a/#")
                aws.checkTopicFilter("\$share/g/a/+")
                aws.checkTopicName("\$aws/rules/myrule/1/2/3/4/5/6/7")
            }
        }

        test("AWS IoT Commands' own topics (8 slashes) pass, one level deeper than that does not") {
            val accepted = "\$aws/commands/things/t1/executions/e1/response/accepted/json"
            shouldNotThrowAny {
                aws.checkTopicName(accepted)
                aws.checkTopicFilter("\$aws/commands/clients/c1/executions/+/response/rejected/json")
                aws.checkTopicFilter("\$share/g/\$aws/commands/things/t1/executions/+/response/accepted/json")
            }
            shouldThrow<InvalidTopicException> { aws.checkTopicName("$accepted/x") }.message shouldContain "9 levels"
            // the allowance is for the commands family only
            shouldThrow<InvalidTopicException> { aws.checkTopicName("\$aws/things/t1/a/b/c/d/e/f") }
            shouldThrow<InvalidTopicException> {
                aws.checkTopicName("a/commands/things/t1/executions/e1/response/accepted/json")
            }
        }

        test("wildcards in a topic name are refused") {
            shouldThrow<InvalidTopicException> { aws.checkTopicName("a/+/c") }
            shouldThrow<InvalidTopicException> { aws.checkTopicName("a/#") }
        }

        test("misplaced wildcards in a filter are refused") {
            shouldThrow<InvalidTopicException> { aws.checkTopicFilter("a/#/c") }
            shouldThrow<InvalidTopicException> { aws.checkTopicFilter("a/b+") }
            shouldThrow<InvalidTopicException> { aws.checkTopicFilter("a/#x") }
            shouldThrow<InvalidTopicException> { aws.checkTopicFilter("\$share//a") }
        }

        test("empty and NUL topics are refused") {
            shouldThrow<InvalidTopicException> { aws.checkTopicName("") }
            shouldThrow<InvalidTopicException> { aws.checkTopicName("a\u0000b") }
        }

        test("AWS IoT topic length and depth limits apply only when on") {
            val long = "x".repeat(257)
            shouldThrow<InvalidTopicException> { aws.checkTopicName(long) }.message shouldContain "256"
            shouldNotThrowAny { plain.checkTopicName(long) }
            val deep = (1..9).joinToString("/") { "l$it" }
            shouldThrow<InvalidTopicException> { aws.checkTopicName(deep) }.message shouldContain "slashes"
            shouldNotThrowAny { plain.checkTopicName(deep) }
        }

        test("byte limits count UTF-8 bytes, at the boundary, for multi-byte characters and surrogate pairs") {
            // AWS IoT: 256 bytes after the uncounted prefixes
            shouldNotThrowAny { aws.checkTopicName("x".repeat(256)) }
            shouldNotThrowAny { aws.checkTopicName("\u20ac".repeat(85)) } // 255 bytes
            shouldThrow<InvalidTopicException> { aws.checkTopicName("\u20ac".repeat(86)) }.message shouldContain "258"
            shouldNotThrowAny { aws.checkTopicName("\u00e9".repeat(128)) } // 256 bytes in 128 chars
            shouldThrow<InvalidTopicException> { aws.checkTopicName("\u00e9".repeat(129)) }.message shouldContain "258"
            val emoji = "\uD83D\uDE00" // 4 bytes in 2 chars
            shouldNotThrowAny { aws.checkTopicName(emoji.repeat(64)) }
            shouldThrow<InvalidTopicException> { aws.checkTopicName(emoji.repeat(65)) }.message shouldContain "260"
            shouldNotThrowAny { aws.checkTopicName("\$aws/rules/r/" + "x".repeat(256)) }
            // MQTT: 65,535 bytes for the whole topic
            shouldNotThrowAny { plain.checkTopicName("x".repeat(65_535)) }
            shouldThrow<InvalidTopicException> { plain.checkTopicName("x".repeat(65_536)) }.message shouldContain
                "MQTT allows"
            shouldNotThrowAny { plain.checkTopicName("\u20ac".repeat(21_845)) }
            shouldThrow<InvalidTopicException> { plain.checkTopicName("\u20ac".repeat(21_846)) }.message shouldContain
                "65538 bytes"
        }

        test("a topic with several faults is refused for the first of them, as before") {
            shouldThrow<InvalidTopicException> { aws.checkTopicName("a\u0000/+") }.message shouldContain "NUL"
            shouldThrow<InvalidTopicException> { aws.checkTopicName("+/" + "x".repeat(300)) }.message shouldContain
                "wildcard"
            shouldThrow<InvalidTopicException> { plain.checkTopicName("#" + "x".repeat(70_000)) }.message shouldContain
                "MQTT allows"
        }

        test("the rules and share prefixes are not counted") {
            TopicValidation.stripUncountedPrefix("\$aws/rules/r/a/b") shouldBe "a/b"
            TopicValidation.stripUncountedPrefix("\$share/g/a/b") shouldBe "a/b"
        }

        test("payloads over 128 KB are refused with AWS limits on") {
            shouldNotThrowAny { aws.checkPayload(128 * 1024) }
            val e = shouldThrow<PayloadTooLargeException> { aws.checkPayload(128 * 1024 + 1) }
            e.limit shouldBe 128 * 1024
            shouldNotThrowAny { plain.checkPayload(200 * 1024) }
        }
    })
