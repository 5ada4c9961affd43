package dev.iotsdk.core.internal

import dev.iotsdk.core.ConnectionType
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ConnectUsernameTest :
    FunSpec({
        val tcp = ConnectionType.Tcp()

        test("metrics start a query string, or extend an existing one") {
            ConnectUsername.build(null, tcp, metrics = true, version = "1.0") shouldBe "?SDK=iotsdk-kotlin&Version=1.0"
            ConnectUsername.build("user", tcp, metrics = true, version = "1.0") shouldBe
                "user?SDK=iotsdk-kotlin&Version=1.0"
            ConnectUsername.build("user?a=b", tcp, metrics = true, version = "1.0") shouldBe
                "user?a=b&SDK=iotsdk-kotlin&Version=1.0"
        }

        test("metrics can be turned off") {
            ConnectUsername.build("user", tcp, metrics = false, version = "1.0") shouldBe "user"
            ConnectUsername.build(null, tcp, metrics = false, version = "1.0") shouldBe null
        }

        test("custom authorizer parameters are built like the AWS SDKs build them") {
            val auth = ConnectionType.CustomAuth(
                authorizerName = "my-authorizer",
                username = "device",
                tokenKeyName = "token",
                tokenValue = "abc",
                tokenSignature = "a+b/c=",
            )
            ConnectUsername.build(null, auth, metrics = false, version = "1") shouldBe
                "device?x-amz-customauthorizer-name=my-authorizer&x-amz-customauthorizer-signature=a%2Bb%2Fc%3D&token=abc"
        }

        test("a signature that is already URL-encoded is left alone") {
            val auth = ConnectionType.CustomAuth(authorizerName = "a", tokenSignature = "a%2Bb")
            ConnectUsername.build(null, auth, metrics = true, version = "2") shouldBe
                "?x-amz-customauthorizer-name=a&x-amz-customauthorizer-signature=a%2Bb&SDK=iotsdk-kotlin&Version=2"
        }
    })
