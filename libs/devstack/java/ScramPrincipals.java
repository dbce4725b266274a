// Creates (or updates) SASL/SCRAM-SHA-512 principals on a running cluster, all in one request of
// Kafka's own admin client: what `kafka-configs.sh --alter --entity-type users --add-config
// 'SCRAM-SHA-512=[…]'` does one user at a time. kafkajs cannot send AlterUserScramCredentials.
//
// Run from source with Kafka's jars (Java 11+ single-file launch), as devstack's
// scram-principals.ts does:
//   java -cp '<kafka jars>/*' ScramPrincipals.java <bootstrap servers>
// Credentials come from the environment, never the command line: SCRAM_ADMIN_USERNAME and
// SCRAM_ADMIN_PASSWORD (a super user), SCRAM_PRINCIPALS (one `name<TAB>password` a line).
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class ScramPrincipals {
  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + " is not set");
    return value;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: ScramPrincipals <bootstrap servers>");
    Properties config = new Properties();
    config.put("bootstrap.servers", args[0]);
    config.put("security.protocol", System.getenv().getOrDefault("SCRAM_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
    config.put("sasl.mechanism", "SCRAM-SHA-512");
    config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username="
        + quoted(required("SCRAM_ADMIN_USERNAME")) + " password=" + quoted(required("SCRAM_ADMIN_PASSWORD")) + ";");
    config.put("request.timeout.ms", "20000");
    config.put("default.api.timeout.ms", "30000");

    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    for (String line : required("SCRAM_PRINCIPALS").split("\n")) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t", 2);
      if (parts.length != 2) throw new IllegalArgumentException("SCRAM_PRINCIPALS: a line is not name<TAB>password");
      upserts.add(new UserScramCredentialUpsertion(parts[0], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), parts[1]));
    }
    try (Admin admin = Admin.create(config)) {
      admin.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);
    }
    System.out.println("SCRAM-SHA-512 credentials set for " + upserts.size() + " principal(s)");
  }
}
