package dev.iotsdk.emulator.credentials

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.mqtt5
import dev.iotsdk.emulator.pubAckCode
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.services.cognitoidentity.model.CognitoIdentityException
import software.amazon.awssdk.services.iot.model.IotException
import java.net.URLDecoder
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit
import software.amazon.awssdk.services.iot.model.CertificateStatus as AwsCertificateStatus

/**
 * Issue 20 item 4: temporary credentials may do exactly what the IAM policies of their role allow (IAM User Guide,
 * "Policy evaluation logic": an explicit Deny wins, then an Allow, else denied; AWS IoT DG "Authorizing direct calls to
 * AWS services using AWS IoT Core credential provider" and "Authorization with Amazon Cognito identities": role-alias
 * and Cognito credentials are IAM principals authorized by their role's IAM policies for `iot:Connect`,
 * `iot:Publish`, `iot:Subscribe`, `iot:Receive`, `iot:RetainPublish` and the iot-data actions
 * `iot:GetThingShadow`, `iot:UpdateThingShadow`, …; Service Authorization Reference for the control-plane actions).
 * Roles get their policies through the admin API, IAM's PutRolePolicy and Cognito's SetIdentityPoolRoles.
 */
class RolePermissionsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun arn(kind: String, name: String) = "arn:aws:iot:${emu.region}:${emu.accountId}:$kind/$name"
        fun role(name: String) = "arn:aws:iam::${emu.accountId}:role/$name"
        fun post(credentials: AwsSessionCredentials, topic: String, query: Map<String, String> = emptyMap()) =
            signedCall(emu, credentials, "iotdata", "POST", "/topics/$topic", query, "x".toByteArray())
        fun updateShadow(credentials: AwsSessionCredentials, thing: String) = signedCall(
            emu,
            credentials,
            "iotdata",
            "POST",
            "/things/$thing/shadow",
            body = """{"state":{"reported":{"on":true}}}""".toByteArray(),
        )
        fun HttpResponse<String>.shouldBeForbidden(action: String, credentials: AwsSessionCredentials) {
            withClue(body()) { statusCode() shouldBe 403 }
            headers().firstValue("x-amzn-ErrorType").orElse("") shouldStartWith "ForbiddenException"
            body() shouldContain "not authorized to perform: $action"
            body() shouldNotContain credentials.secretAccessKey()
            body() shouldNotContain credentials.sessionToken()
        }

        /** A device on mutual TLS that must keep being served: it receives its own message after each attack. */
        fun wellBehaved(name: String): () -> Unit {
            val device = mqtt5(emu, name, emu.registerThing(name)).also { it.connect() }
            val messages = device.publishes(MqttGlobalPublishFilter.ALL)
            device.subscribeWith().topicFilter("$name/echo").qos(MqttQos.AT_LEAST_ONCE).send()
            return {
                device.publishWith().topic("$name/echo").qos(MqttQos.AT_LEAST_ONCE).payload("ping".toByteArray()).send()
                messages.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "$name/echo"
                emu.connectedClients().contains(name) shouldBe true
            }
        }

        test("role-alias credentials may do only what the role's IAM policy allows, on the data plane and over MQTT") {
            val check = wellBehaved("rp-bystander")
            emu.temporaryCredentials.putRolePolicy(
                role("camera"),
                "camera",
                """{"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"iot:Connect","Resource":"${arn("client", "cam-*")}"},
                  {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"${arn("topic", "cam/*")}"},
                  {"Effect":"Allow","Action":"iot:Subscribe","Resource":"${arn("topicfilter", "cam/*")}"},
                  {"Effect":"Allow","Action":"iot:GetThingShadow","Resource":"${arn("thing", "rp-cam")}"},
                  {"Effect":"Deny","Action":"iot:Publish","Resource":"${arn("topic", "cam/forbidden")}"}]}""",
            )
            emu.createRoleAlias("rp-camera", role("camera"))
            val creds = roleAliasCredentials(emu, "rp-camera", "rp-cam")

            // the HTTPS data plane, signed by the AWS SDK's signer
            post(creds, "cam/status").statusCode() shouldBe 200
            post(creds, "other/status").shouldBeForbidden("iot:Publish", creds)
            post(creds, "cam/forbidden").shouldBeForbidden("iot:Publish", creds)
            post(creds, "cam/status", mapOf("retain" to "true")).shouldBeForbidden("iot:RetainPublish", creds)
            signedCall(emu, creds, "iotdata", "GET", "/things/rp-cam/shadow").statusCode() shouldBe 404
            signedCall(emu, creds, "iotdata", "GET", "/things/rp-other/shadow")
                .shouldBeForbidden("iot:GetThingShadow", creds)
            updateShadow(creds, "rp-cam").shouldBeForbidden("iot:UpdateThingShadow", creds)
            signedCall(emu, creds, "iotdata", "DELETE", "/connections/rp-bystander")
                .shouldBeForbidden("iot:DeleteConnection", creds)

            // MQTT over WebSocket, presigned with the same credentials
            shouldThrow<Mqtt5ConnAckException> { webSocketClient(emu, "intruder-1", creds).connect() }
                .mqttMessage.reasonCode shouldBe Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
            val cam = webSocketClient(emu, "cam-1", creds).also { it.connect() }
            fun publish(topic: String, retain: Boolean = false) = pubAckCode {
                cam.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(P).send()
            }
            val received = cam.publishes(MqttGlobalPublishFilter.ALL)
            shouldThrow<Mqtt5SubAckException> { cam.subscribeWith().topicFilter("rp-bystander/#").send() }
                .mqttMessage.reasonCodes shouldBe listOf(Mqtt5SubAckReasonCode.NOT_AUTHORIZED)
            cam.subscribeWith().topicFilter("cam/#").qos(MqttQos.AT_LEAST_ONCE).send()
                .reasonCodes.all { !it.isError } shouldBe true
            publish("other/status") shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            publish("cam/forbidden") shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            publish("cam/status", retain = true) shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            publish("cam/status") shouldBe Mqtt5PubAckReasonCode.SUCCESS
            received.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "cam/status"
            cam.disconnect()
            check()
        }

        test("Cognito guests get the pool's unauthenticated role; it cannot grant itself more") {
            val check = wellBehaved("rp-bystander-2")
            val pool = emu.createIdentityPool("rp-app", allowUnauthenticated = true)
            emu.temporaryCredentials.putRolePolicy(
                role("guest"),
                "guest",
                """{"Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish"],"Resource":"*"},
                  {"Effect":"Allow","Action":"iot:ListThings","Resource":"*"}]}""",
            )
            // set as an app developer sets it: Cognito's SetIdentityPoolRoles, AWS SDK, administrator's credentials
            cognitoClient(emu, provider(adminCredentials(emu))).use { developer ->
                developer.setIdentityPoolRoles {
                    it.identityPoolId(pool).roles(mapOf("unauthenticated" to role("guest")))
                }
                developer.getIdentityPoolRoles { it.identityPoolId(pool) }.roles() shouldBe
                    mapOf("unauthenticated" to role("guest"))
            }
            val guest = guestCredentials(emu, pool)
            val victim = emu.registerThing("rp-victim")
            awsIotClient(emu, guest).use { attacker ->
                attacker.listThings().things().map { it.thingName() } shouldContain "rp-victim"
                for ((what, call) in listOf<Pair<String, () -> Unit>>(
                    "iot:CreatePolicy" to {
                        attacker.createPolicy {
                            it.policyName("rp-evil").policyDocument(
                                """{"Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
                            )
                        }
                    },
                    "iot:AttachPolicy" to {
                        attacker.attachPolicy { it.policyName("rp-evil").target(victim.certificateId) }
                    },
                    "iot:UpdateCertificate" to {
                        attacker.updateCertificate {
                            it.certificateId(victim.certificateId).newStatus(AwsCertificateStatus.REVOKED)
                        }
                    },
                )) {
                    val e = shouldThrow<IotException> { call() }
                    e.awsErrorDetails().errorCode() shouldBe "AccessDeniedException"
                    e.awsErrorDetails().errorMessage() shouldContain what
                }
            }
            // nor widen its own role, through Cognito or IAM
            cognitoClient(emu, provider(guest)).use { cognito ->
                shouldThrow<CognitoIdentityException> {
                    cognito.setIdentityPoolRoles {
                        it.identityPoolId(pool).roles(mapOf("unauthenticated" to role("admin")))
                    }
                }.awsErrorDetails().errorCode() shouldBe "AccessDeniedException"
            }
            putRolePolicy(emu, guest, "guest", "escalate", ALLOW_ALL).statusCode() shouldBe 403
            post(guest, "anything/goes").statusCode() shouldBe 200
            signedCall(emu, guest, "iotdata", "GET", "/things/rp-victim/shadow")
                .shouldBeForbidden("iot:GetThingShadow", guest)
            awsIotClient(emu).use { admin ->
                admin.describeCertificate { it.certificateId(victim.certificateId) }
                    .certificateDescription().status() shouldBe AwsCertificateStatus.ACTIVE
            }
            check()
        }

        test("an authenticated Cognito identity needs its role's IAM policy and the IoT policy attached to it") {
            val pool = emu.createIdentityPool(
                "rp-users",
                allowUnauthenticated = false,
                developerProviderName = "rp-dev",
            )
            emu.temporaryCredentials.putRolePolicy(
                role("app-user"),
                "app-user",
                """{"Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish"],"Resource":"*"}]}""",
            )
            emu.temporaryCredentials.setIdentityPoolRoles(pool, role("app-user"), null)
            val alice = emu.temporaryCredentials.developerIdentityToken(pool, "alice")
            emu.createPolicy(
                "rp-alice",
                """{"Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:UpdateThingShadow"],"Resource":"*"},
                  {"Effect":"Allow","Action":"iot:Publish","Resource":"${arn("topic", "users/alice/*")}"}]}""",
            )
            emu.attachPolicy("rp-alice", alice.identityId)
            val creds = cognitoClient(emu).use { cognito ->
                val c = cognito.getCredentialsForIdentity {
                    it.identityId(alice.identityId).logins(mapOf("cognito-identity.amazonaws.com" to alice.token))
                }.credentials()
                AwsSessionCredentials.create(c.accessKeyId(), c.secretKey(), c.sessionToken())
            }
            post(creds, "users/alice/status").statusCode() shouldBe 200
            // the role allows it, the identity's IoT policy does not
            post(creds, "users/bob/status").shouldBeForbidden("iot:Publish", creds)
            // the identity's IoT policy allows it, the role does not
            updateShadow(creds, "rp-alice-thing").shouldBeForbidden("iot:UpdateThingShadow", creds)
            val app = webSocketClient(emu, "alice-app", creds).also { it.connect() }
            pubAckCode {
                app.publishWith().topic("users/bob/status").qos(MqttQos.AT_LEAST_ONCE).payload(P).send()
            } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            pubAckCode {
                app.publishWith().topic("users/alice/status").qos(MqttQos.AT_LEAST_ONCE).payload(P).send()
            } shouldBe Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS
            app.disconnect()
        }

        test(
            "IAM's PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy set what a role's credentials do",
        ) {
            val admin = adminCredentials(emu)
            iam(emu, admin, "Action" to "CreateRole", "RoleName" to "rp-iam", "AssumeRolePolicyDocument" to "{}")
                .statusCode() shouldBe 200
            val document =
                """{"Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"${arn("topic", "iam/*")}"}]}"""
            putRolePolicy(emu, admin, "rp-iam", "publish-iam", document).statusCode() shouldBe 200
            putRolePolicy(emu, admin, "rp-iam", "broken", """{"Statement":[{"Effect":"Perhaps"}]}""").let {
                it.statusCode() shouldBe 400
                it.body() shouldContain "<Code>MalformedPolicyDocument</Code>"
            }
            val got =
                iam(emu, admin, "Action" to "GetRolePolicy", "RoleName" to "rp-iam", "PolicyName" to "publish-iam")
            URLDecoder.decode(got.body().substringAfter("<PolicyDocument>").substringBefore("<"), "UTF-8") shouldBe
                document
            iam(emu, admin, "Action" to "ListRolePolicies", "RoleName" to "rp-iam").body() shouldContain
                "<member>publish-iam</member>"
            putRolePolicy(emu, admin, "rp-none", "p", document).statusCode() shouldBe 404

            emu.createRoleAlias("rp-iam-alias", role("rp-iam"))
            val creds = roleAliasCredentials(emu, "rp-iam-alias", "rp-iam-device")
            post(creds, "iam/ok").statusCode() shouldBe 200
            post(creds, "elsewhere").shouldBeForbidden("iot:Publish", creds)
            // the device cannot change its role, nor delete it
            putRolePolicy(emu, creds, "rp-iam", "mine", ALLOW_ALL).let {
                it.statusCode() shouldBe 403
                it.body() shouldContain "<Code>AccessDenied</Code>"
            }
            iam(emu, admin, "Action" to "DeleteRole", "RoleName" to "rp-iam").statusCode() shouldBe 409
            iam(emu, admin, "Action" to "DeleteRolePolicy", "RoleName" to "rp-iam", "PolicyName" to "publish-iam")
                .statusCode() shouldBe 200
            // no policy left: the default role policy (device actions on every resource)
            post(creds, "elsewhere").statusCode() shouldBe 200
            iam(emu, admin, "Action" to "DeleteRole", "RoleName" to "rp-iam").statusCode() shouldBe 200
        }

        test("a role's Allow of a control-plane action is honoured and a Deny beside it wins") {
            emu.temporaryCredentials.putRolePolicy(
                role("operator"),
                "operator",
                """{"Statement":[{"Effect":"Allow","Action":["iot:CreatePolicy","iot:GetPolicy"],"Resource":"*"},
                  {"Effect":"Deny","Action":"iot:CreatePolicy","Resource":"${arn("policy", "rp-admin-*")}"}]}""",
            )
            emu.createRoleAlias("rp-operator", role("operator"))
            val creds = roleAliasCredentials(emu, "rp-operator", "rp-operator-device")
            awsIotClient(emu, creds).use { operator ->
                val doc = """{"Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}"""
                operator.createPolicy { it.policyName("rp-ops-1").policyDocument(doc) }
                operator.getPolicy { it.policyName("rp-ops-1") }.policyName() shouldBe "rp-ops-1"
                shouldThrow<IotException> {
                    operator.createPolicy { it.policyName("rp-admin-1").policyDocument(doc) }
                }.statusCode() shouldBe 403
                shouldThrow<IotException> { operator.deletePolicy { it.policyName("rp-ops-1") } }
                    .statusCode() shouldBe 403
            }
        }

        test(
            "expired temporary credentials are refused on the data plane, over WebSocket, on IAM and the control plane",
        ) {
            val check = wellBehaved("rp-bystander-3")
            emu.createRoleAlias("rp-expiring", role("expiring"))
            val creds = roleAliasCredentials(emu, "rp-expiring", "rp-expiring-device")
            post(creds, "exp/ok").statusCode() shouldBe 200
            emu.expireIssuedCredentials()
            post(creds, "exp/ok").let {
                it.statusCode() shouldBe 403
                it.body() shouldContain "security token"
                it.body() shouldNotContain creds.sessionToken()
            }
            shouldThrow<ConnectionFailedException> { webSocketClient(emu, "rp-late", creds).connect() }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.reason.contains("SigV4") }
            shouldThrow<IotException> { awsIotClient(emu, creds).use { it.listThings() } }.statusCode() shouldBe 403
            iam(emu, creds, "Action" to "ListRolePolicies", "RoleName" to "expiring").let {
                it.statusCode() shouldBe 403
                it.body() shouldContain "<Code>InvalidClientTokenId</Code>"
            }
            awsIotClient(emu).use { admin -> admin.listThings().things() }
            check()
        }
    })

private val P = "p".toByteArray()
private const val ALLOW_ALL = """{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""
