package dev.iotsdk.model.greengrass

import dev.iotsdk.model.jobs.fixturesDir
import dev.iotsdk.model.jobs.jsonEquals
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import java.nio.file.Files

class DiscoveryInfoTest :
    FunSpec({
        val fixture = Files.readString(fixturesDir().resolve("discover-response.json"))

        test("the AWS-documented discovery response decodes and round-trips") {
            val info = DiscoveryInfo.parse(fixture)
            info.rawJson shouldBe fixture
            val group = info.allGroups.single()
            group.groupId shouldBe "1234a5b6-78cd-901e-2fgh-3i45j6k1789"
            val core = group.cores.single()
            core.thingArn shouldBe "arn:aws:iot:us-west-2:123456789012:thing/MyFirstGroup_Core"
            core.connectivity.single() shouldBe ConnectivityInfo("AUTOIP_192.168.1.4_1", "192.168.1.5", 8883, "")
            group.certificateAuthorities.single() shouldBe
                "-----BEGIN CERTIFICATE-----\ncert-contents\n-----END CERTIFICATE-----\n"
            jsonEquals(Json.parseToJsonElement(info.toJson()), Json.parseToJsonElement(fixture)) shouldBe true
        }

        test("the v1 conveniences find groups, cores, CAs and connectivity entries") {
            val info = DiscoveryInfo.parse(
                """{"GGGroups":[
              {"GGGroupId":"g1","Cores":[{"thingArn":"arn:c1","Connectivity":[{"Id":"a","HostAddress":"h1","PortNumber":1,"Metadata":"m"},
                {"Id":"b","HostAddress":"h2","PortNumber":2,"Metadata":""}]}],"CAs":["ca1","ca2"]},
              {"GGGroupId":"g2","Cores":[{"thingArn":"arn:c2","Connectivity":[{"Id":"c","HostAddress":"h3","PortNumber":3}]}],"CAs":["ca3"],"Extra":1}
            ]}""",
            )
            info.allCores.map { it.thingArn } shouldBe listOf("arn:c1", "arn:c2")
            info.allCores[1].groupId shouldBe "g2"
            info.allCores[1].certificateAuthorities shouldBe listOf("ca3")
            info.allCas shouldBe listOf("g1" to "ca1", "g1" to "ca2", "g2" to "ca3")
            info.groupsById.keys shouldBe setOf("g1", "g2")
            info.group("g2")?.core("arn:c2")?.connectivityInfo("c")?.hostAddress shouldBe "h3"
            info.core("arn:c1")?.connectivityInfo("b")?.portNumber shouldBe 2
            info.connectivityInfo("c")?.metadata shouldBe ""
            info.connectivityInfo("zzz") shouldBe null
            info.group("none") shouldBe null
        }

        test("malformed, truncated or incomplete JSON is a SerializationException naming the problem") {
            shouldThrow<SerializationException> { DiscoveryInfo.parse("""{"GGGroups":[{"GGGroupId":"g","Cores":[""") }
                .message shouldContain "Malformed Greengrass discovery response"
            shouldThrow<SerializationException> { DiscoveryInfo.parse("""{"GGGroups":[{"Cores":[]}]}""") }
                .message shouldContain "GGGroupId"
            shouldThrow<SerializationException> {
                DiscoveryInfo.parse(
                    """{"GGGroups":[{"GGGroupId":"g","Cores":[{"thingArn":"a","Connectivity":[{"Id":"x","HostAddress":"h","PortNumber":"no"}]}]}]}""",
                )
            }
            shouldThrow<SerializationException> { DiscoveryInfo.parse("<html>") }
        }
    })
