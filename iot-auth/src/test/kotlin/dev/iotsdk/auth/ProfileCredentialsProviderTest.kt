package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File

class ProfileCredentialsProviderTest :
    StringSpec({
        val dir = tempdir()
        val credentials = File(dir, "credentials").apply {
            writeText(
                """
            # a comment
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = SECRETDEFAULT ; inline comment

            [dev]
            aws_access_key_id=AKIDDEV
            aws_secret_access_key=SECRETDEV
            aws_session_token=TOKENDEV
            s3 =
              max_concurrent_requests = 10
            [incomplete]
            aws_access_key_id=ONLYKEY
                """.trimIndent().replace("\n", "\r\n"),
            )
        }
        val config = File(dir, "config").apply {
            writeText(
                """
            [default]
            region = us-east-1
            [profile fromconfig]
            aws_access_key_id = AKIDCONFIG
            aws_secret_access_key = SECRETCONFIG
            [profile dev]
            aws_access_key_id = OVERRIDDEN
            aws_secret_access_key = OVERRIDDEN
            [profile assumed]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = default
                """.trimIndent(),
            )
        }
        val none: (String) -> String? = { null }

        "the default profile from the credentials file" {
            ProfileCredentialsProvider(null, credentials.toPath(), config.toPath(), none).resolve() shouldBe
                Credentials("AKIDDEFAULT", "SECRETDEFAULT")
        }

        "AWS_PROFILE selects a named profile, with its session token, and the credentials file wins over config" {
            val env = mapOf("AWS_PROFILE" to "dev")
            ProfileCredentialsProvider(null, credentials.toPath(), config.toPath(), env::get).resolve() shouldBe
                Credentials("AKIDDEV", "SECRETDEV", "TOKENDEV")
        }

        "[profile x] sections of the config file" {
            ProfileCredentialsProvider("fromconfig", credentials.toPath(), config.toPath(), none).resolve() shouldBe
                Credentials("AKIDCONFIG", "SECRETCONFIG")
        }

        "AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE locate the files" {
            val env = mapOf(
                "AWS_SHARED_CREDENTIALS_FILE" to credentials.path,
                "AWS_CONFIG_FILE" to config.path,
                "AWS_PROFILE" to "fromconfig",
                "HOME" to File(dir, "nohome").path,
            )
            ProfileCredentialsProvider(env = env::get).resolve().accessKeyId shouldBe "AKIDCONFIG"
        }

        "a missing profile names the profile and the files" {
            val e = shouldThrow<CredentialsException> {
                ProfileCredentialsProvider("nope", credentials.toPath(), config.toPath(), none).resolve()
            }
            e.message shouldContain "'nope' not found"
            e.message shouldContain credentials.path
        }

        "missing files are a missing profile" {
            val env = mapOf("HOME" to File(dir, "nohome").path)
            val e = shouldThrow<CredentialsException> { ProfileCredentialsProvider(env = env::get).resolve() }
            e.message shouldContain "'default' not found"
        }

        "a profile without a secret is an error saying what to add" {
            val e = shouldThrow<CredentialsException> {
                ProfileCredentialsProvider("incomplete", credentials.toPath(), config.toPath(), none).resolve()
            }
            e.message shouldContain "aws_secret_access_key"
        }

        "role profiles are reported as unsupported" {
            val e = shouldThrow<CredentialsException> {
                ProfileCredentialsProvider("assumed", credentials.toPath(), config.toPath(), none).resolve()
            }
            e.message shouldContain "role_arn"
        }
    })
