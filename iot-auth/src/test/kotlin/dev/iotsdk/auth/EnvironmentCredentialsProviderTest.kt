package dev.iotsdk.auth

import dev.iotsdk.common.IotClientException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf

class EnvironmentCredentialsProviderTest :
    StringSpec({
        "reads key, secret and session token" {
            val env =
                mapOf("AWS_ACCESS_KEY_ID" to "AKID", "AWS_SECRET_ACCESS_KEY" to "SECRET", "AWS_SESSION_TOKEN" to "TOK")
            EnvironmentCredentialsProvider(env::get).resolve() shouldBe Credentials("AKID", "SECRET", "TOK")
        }

        "the session token is optional" {
            val env = mapOf(
                "AWS_ACCESS_KEY_ID" to "AKID",
                "AWS_SECRET_ACCESS_KEY" to "SECRET",
                "AWS_SESSION_TOKEN" to "",
            )
            EnvironmentCredentialsProvider(env::get).resolve().sessionToken shouldBe null
        }

        "missing variables are a CredentialsException naming them" {
            val e = shouldThrow<CredentialsException> { EnvironmentCredentialsProvider { null }.resolve() }
            e.message shouldContain "AWS_ACCESS_KEY_ID"
            e.message shouldContain "AWS_SECRET_ACCESS_KEY"
            e.shouldBeInstanceOf<IotClientException>()
        }

        "a missing secret is reported without printing the key id's neighbours" {
            val env = mapOf("AWS_ACCESS_KEY_ID" to "AKID")
            val e = shouldThrow<CredentialsException> { EnvironmentCredentialsProvider(env::get).resolve() }
            e.message shouldContain "AWS_SECRET_ACCESS_KEY not set"
            e.message shouldNotContain "AWS_ACCESS_KEY_ID not set"
        }
    })
