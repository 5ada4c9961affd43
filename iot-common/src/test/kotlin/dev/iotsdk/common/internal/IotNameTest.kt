package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

@OptIn(InternalIotSdkApi::class)
class IotNameTest :
    FunSpec({
        // per kind: values the service takes, and values it refuses
        val cases = mapOf(
            IotName.THING to (
                listOf("a", "lamp-1", "Thing_2:x", "x".repeat(128)) to
                    listOf("", "a b", "a/b", "a+b", "a#b", "é", "x".repeat(129), "\$aws", "a\u0000")
                ),
            IotName.SHADOW to (listOf("\$config", "x".repeat(64)) to listOf("", "a/b", "x".repeat(65))),
            IotName.JOB_ID to (listOf("job-1_A", "x".repeat(64)) to listOf("job:1", "\$next", "x".repeat(65))),
            IotName.TEMPLATE to (listOf("FleetTemplate_1-a") to listOf("", "x".repeat(37), "a:b")),
            // 1-128 UTF-8 bytes, not starting with $
            IotName.CLIENT_ID to (listOf("sensor 1/ä", "x".repeat(128), "a\nb") to listOf("", "\$aws", "ä".repeat(65))),
            IotName.TOPIC_SEGMENT to (listOf("any thing: é\$") to listOf("", "a/b", "+", "a#", "a\u0000b")),
        )

        test("every kind of name has its cases") {
            cases.keys shouldBe IotName.entries.toSet()
        }

        for ((kind, values) in cases) {
            test("$kind takes what the service takes and refuses the rest") {
                for (ok in values.first) withClue("'$ok'") { kind.isValid(ok) shouldBe true }
                for (bad in values.second) withClue("'$bad'") { kind.isValid(bad) shouldBe false }
            }
        }

        test("requireValid returns a valid value and throws IllegalArgumentException saying what is allowed") {
            IotName.THING.requireValid("lamp-1") shouldBe "lamp-1"
            val e = shouldThrow<IllegalArgumentException> { IotName.THING.requireValid("lamp 1") }
            e.message shouldBe "invalid thing name 'lamp 1': 1-128 characters of [a-zA-Z0-9:_-]"
            shouldThrow<IllegalArgumentException> { IotName.SHADOW.requireValid("a/b") }.message shouldContain
                "[\$a-zA-Z0-9:_-]"
            shouldThrow<IllegalArgumentException> { IotName.JOB_ID.requireValid("") }.message shouldContain "job id ''"
            IotName.THING.invalidReason("ok") shouldBe null
        }

        test("messages never echo a huge or control-laden input") {
            val huge = "a/" + "x".repeat(100_000)
            val message = IotName.TOPIC_SEGMENT.invalidReason(huge)!!
            message.length shouldBeLessThan 250
            message shouldContain "(100002 characters)"
            val injected = IotName.THING.invalidReason("a\r\nFAKE LOG LINE")!!
            injected shouldNotContain "\n"
            injected shouldContain "'a??FAKE LOG LINE'"
        }
    })
