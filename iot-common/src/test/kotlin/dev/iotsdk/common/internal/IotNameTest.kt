package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

@OptIn(InternalIotSdkApi::class)
class IotNameTest :
    FunSpec({
        test("thing names: [a-zA-Z0-9:_-]{1,128}") {
            for (ok in listOf("a", "lamp-1", "Thing_2:x", "x".repeat(128))) IotName.THING.isValid(ok) shouldBe true
            for (bad in listOf("", "a b", "a/b", "a+b", "a#b", "é", "x".repeat(129), "\$aws", "a\u0000")) {
                IotName.THING.isValid(bad) shouldBe false
            }
        }

        test("shadow names also allow \$, up to 64 characters") {
            IotName.SHADOW.isValid("\$config") shouldBe true
            IotName.SHADOW.isValid("x".repeat(64)) shouldBe true
            IotName.SHADOW.isValid("x".repeat(65)) shouldBe false
            IotName.SHADOW.isValid("a/b") shouldBe false
            IotName.SHADOW.isValid("") shouldBe false
        }

        test("job ids: [a-zA-Z0-9_-]{1,64}, no colon, no \$") {
            IotName.JOB_ID.isValid("job-1_A") shouldBe true
            IotName.JOB_ID.isValid("job:1") shouldBe false
            IotName.JOB_ID.isValid("\$next") shouldBe false
            IotName.JOB_ID.isValid("x".repeat(65)) shouldBe false
        }

        test("template names: [0-9A-Za-z_-]{1,36}") {
            IotName.TEMPLATE.isValid("FleetTemplate_1-a") shouldBe true
            IotName.TEMPLATE.isValid("x".repeat(37)) shouldBe false
            IotName.TEMPLATE.isValid("a:b") shouldBe false
        }

        test("client ids: 1-128 UTF-8 bytes, not starting with \$") {
            IotName.CLIENT_ID.isValid("sensor 1/ä") shouldBe true
            IotName.CLIENT_ID.isValid("x".repeat(128)) shouldBe true
            IotName.CLIENT_ID.isValid("ä".repeat(65)) shouldBe false
            IotName.CLIENT_ID.isValid("") shouldBe false
            IotName.CLIENT_ID.isValid("\$aws") shouldBe false
            IotName.CLIENT_ID.isValid("a\nb") shouldBe true
        }

        test("a topic segment has no /, +, # or U+0000 and is not empty") {
            IotName.TOPIC_SEGMENT.isValid("any thing: é\$") shouldBe true
            for (bad in listOf("", "a/b", "+", "a#", "a\u0000b")) IotName.TOPIC_SEGMENT.isValid(bad) shouldBe false
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
