package dev.iotsdk.emulator

import dev.iotsdk.emulator.internal.Glob
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class PolicyEvaluatorTest :
    FunSpec({
        val vars = PolicyVariables("client-1", "thing-1", true)

        test("wildcards: * any sequence, ? one character") {
            Glob.matches("arn:*:topic/a/*", "arn:aws:iot:r:1:topic/a/b/c", false) shouldBe true
            Glob.matches("topic/a?c", "topic/abc", false) shouldBe true
            Glob.matches("topic/a?c", "topic/abbc", false) shouldBe false
            Glob.matches("iot:*", "iot:Publish", true) shouldBe true
            Glob.matches("iot:publish", "iot:Publish", true) shouldBe true
        }

        test("explicit deny wins over allow; no matching allow is a deny") {
            val p = Policy.parse(
                "p",
                """{"Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"},{"Effect":"Deny","Action":"iot:Publish","Resource":"*:topic/x"}]}""",
            )
            PolicyEvaluator.isAllowed(listOf(p), "iot:Publish", "arn:aws:iot:r:1:topic/x", vars) shouldBe false
            PolicyEvaluator.isAllowed(listOf(p), "iot:Publish", "arn:aws:iot:r:1:topic/y", vars) shouldBe true
            val none = Policy.parse(
                "n",
                """{"Statement":{"Effect":"Allow","Action":["iot:Connect"],"Resource":["*"]}}""",
            )
            PolicyEvaluator.isAllowed(listOf(none), "iot:Publish", "arn:aws:iot:r:1:topic/y", vars) shouldBe false
        }

        test("variables substitute; an unresolvable variable never matches") {
            vars.substitute("client/\${iot:ClientId}/\${iot:Connection.Thing.ThingName}") shouldBe
                "client/client-1/thing-1"
            vars.substitute("x/\${iot:Connection.Thing.IsAttached}") shouldBe "x/true"
            PolicyVariables("c", null, false).substitute("\${iot:Connection.Thing.ThingName}") shouldBe null
            vars.substitute("\${iot:Unknown}") shouldBe null
        }
    })
