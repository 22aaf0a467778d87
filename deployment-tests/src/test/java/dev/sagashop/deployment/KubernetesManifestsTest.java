package dev.sagashop.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both overlays of {@code k8s/}, rendered and parsed, against the policies a team would
 * enforce at admission: probes, limits, no root, no writable root filesystem, pinned
 * images, secrets referenced, a NetworkPolicy per database, a PDB per service.
 */
class KubernetesManifestsTest {

	@BeforeAll
	static void needsKubectl() {
		boolean available = Rendered.kubectlAvailable();
		if (!available) {
			System.out.println("SKIPPED KubernetesManifestsTest: kubectl is not on the PATH, so the overlays "
					+ "cannot be rendered here (install kubectl to run these checks)");
		}
		Assumptions.assumeTrue(available, "kubectl is not on the PATH");
	}

	private static List<PodSpec> podSpecs(Rendered rendered) {
		return Stream
			.concat(rendered.all(Deployment.class).stream().map((d) -> d.getSpec().getTemplate().getSpec()),
					rendered.all(StatefulSet.class).stream().map((s) -> s.getSpec().getTemplate().getSpec()))
			.toList();
	}

	private static String name(HasMetadata object) {
		return object.getKind() + "/" + object.getMetadata().getName();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void rendersAndEveryObjectParsesWithNoUnknownField(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		assertThat(rendered.objects).hasSizeGreaterThan(40);
		for (HasMetadata object : rendered.objects) {
			assertThat(object.getMetadata().getName()).isNotBlank();
			if (!(object instanceof GenericKubernetesResource)) {
				assertThat(Rendered.unknownFields(object)).as(name(object)).isEmpty();
			}
		}
		assertThat(rendered.all(Deployment.class)).extracting((d) -> d.getMetadata().getName())
			.containsAll(Repository.APPS);
		assertThat(rendered.objects).allSatisfy((object) -> {
			if (!object.getKind().equals("Namespace")) {
				assertThat(object.getMetadata().getNamespace()).as(name(object)).isEqualTo("sagashop");
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyContainerHasProbesLimitsAndRunsLockedDown(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		for (PodSpec pod : podSpecs(rendered)) {
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
			assertThat(pod.getAutomountServiceAccountToken()).isFalse();
			for (Container container : pod.getContainers()) {
				String what = overlay + " " + container.getImage();
				assertThat(container.getLivenessProbe()).as(what + " liveness").isNotNull();
				assertThat(container.getReadinessProbe()).as(what + " readiness").isNotNull();
				assertThat(container.getStartupProbe()).as(what + " startup").isNotNull();
				assertThat(container.getResources().getLimits()).as(what + " limits").containsKeys("cpu", "memory");
				assertThat(container.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
				SecurityContext security = container.getSecurityContext();
				assertThat(security.getReadOnlyRootFilesystem()).as(what + " read-only root").isTrue();
				assertThat(security.getAllowPrivilegeEscalation()).as(what).isFalse();
				assertThat(security.getCapabilities().getDrop()).as(what).contains("ALL");
				assertThat(container.getImage()).as(what + " pinned").matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theAppsProbeTheirActuatorGroupsAndShutDownGracefully(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		for (String app : Repository.APPS) {
			PodSpec pod = rendered.named(Deployment.class, app).getSpec().getTemplate().getSpec();
			Container container = pod.getContainers().get(0);
			String actuator = Repository.contextPath(app) + "/actuator/health";
			assertThat(path(container.getLivenessProbe())).isEqualTo(actuator + "/liveness");
			assertThat(path(container.getStartupProbe())).isEqualTo(actuator + "/liveness");
			assertThat(path(container.getReadinessProbe())).isEqualTo(actuator + "/readiness");
			assertThat(pod.getTerminationGracePeriodSeconds()).as(app).isGreaterThanOrEqualTo(40);
			assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).as(app).isPositive();
			assertThat(container.getImage()).startsWith("sagashop/" + app + ":");
		}
		for (String service : services()) {
			Deployment deployment = rendered.named(Deployment.class, service);
			assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
				.as(service + " keeps every replica serving during a rollout")
				.isZero();
		}
	}

	private static String path(Probe probe) {
		return probe.getHttpGet().getPath();
	}

	/**
	 * The four services and the gateway: scaled, so each has a PDB and an HPA (not
	 * auth-server nor the console, which keeps its sessions in memory: one replica).
	 */
	private static List<String> services() {
		return Repository.APPS.stream().filter((app) -> !app.equals("auth-server") && !app.equals("console")).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyServiceHasADisruptionBudgetAndAnAutoscaler(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		for (String service : services()) {
			PodDisruptionBudget budget = rendered.named(PodDisruptionBudget.class, service);
			assertThat(budget.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name",
					service);
			assertThat(budget.getSpec().getMinAvailable().getIntVal()).isPositive();
			HorizontalPodAutoscaler autoscaler = rendered.named(HorizontalPodAutoscaler.class, service);
			assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
			assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void eachDatabaseIsReachedOnlyByItsService(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
		assertThat(policies).anySatisfy((policy) -> {
			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
			assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
		});
		for (String database : Repository.DATABASES) {
			NetworkPolicy policy = rendered.named(NetworkPolicy.class, database + "-db");
			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("sagashop.dev/database",
					database);
			Set<String> apps = Set
				.copyOf(labelled(policy.getSpec().getIngress().stream().flatMap((rule) -> rule.getFrom().stream()),
						"app.kubernetes.io/name"));
			assertThat(apps).as(database + " is reached by").containsExactly(Repository.owner(database));
		}
		// And each app may leave only for its own database.
		for (String app : Repository.APPS) {
			NetworkPolicy policy = rendered.named(NetworkPolicy.class, app);
			List<String> databases = labelled(
					policy.getSpec().getEgress().stream().flatMap((rule) -> rule.getTo().stream()),
					"sagashop.dev/database");
			assertThat(databases).as(app + " may reach")
				.isEqualTo(app.endsWith("-service") ? List.of(app.replace("-service", "")) : List.of());
		}
		// Every database pod carries the label the policies select on.
		for (String database : Repository.DATABASES) {
			assertThat(databaseLabels(rendered, database)).containsEntry("sagashop.dev/database", database);
		}
	}

	/** The values of a label that the peers' pod selectors match on. */
	private static List<String> labelled(Stream<NetworkPolicyPeer> peers, String label) {
		return peers.map(NetworkPolicyPeer::getPodSelector)
			.filter(Objects::nonNull)
			.map((selector) -> selector.getMatchLabels().get(label))
			.filter(Objects::nonNull)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> databaseLabels(Rendered rendered, String database) {
		if (rendered.overlay.equals("dev")) {
			return rendered.named(StatefulSet.class, database + "-db")
				.getSpec()
				.getTemplate()
				.getMetadata()
				.getLabels();
		}
		GenericKubernetesResource cluster = rendered.generic("Cluster")
			.stream()
			.filter((object) -> object.getMetadata().getName().equals(database + "-db"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
		return (Map<String, String>) ((Map<String, Object>) spec.get("inheritedMetadata")).get("labels");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void secretsAreReferencedNeverWrittenIntoTheApps(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		for (PodSpec pod : podSpecs(rendered)) {
			for (Container container : pod.getContainers()) {
				for (EnvVar variable : container.getEnv()) {
					if (variable.getName().matches(".*(PASSWORD|SECRET).*")) {
						assertThat(variable.getValue()).as(variable.getName() + " is a secretKeyRef").isNull();
						assertThat(variable.getValueFrom().getSecretKeyRef()).isNotNull();
					}
				}
			}
		}
		for (ConfigMap config : rendered.all(ConfigMap.class)) {
			assertThat(config.getData().keySet()).as(name(config))
				.noneMatch((key) -> key.matches(".*(PASSWORD|SECRET).*"));
		}
		// The database credentials each app references exist: generated for dev,
		// created by CloudNativePG from the Cluster of the same name in prod.
		Set<String> provided = overlay.equals("dev")
				? rendered.all(Secret.class).stream().map((s) -> s.getMetadata().getName()).collect(Collectors.toSet())
				: rendered.generic("Cluster")
					.stream()
					.map((c) -> c.getMetadata().getName() + "-app")
					.collect(Collectors.toSet());
		for (String database : Repository.DATABASES) {
			assertThat(provided).contains(database + "-db-app");
		}
		if (overlay.equals("prod")) {
			assertThat(rendered.all(Secret.class)).as("prod writes no Secret").isEmpty();
			assertThat(rendered.named(Deployment.class, "auth-server").getSpec().getTemplate().getSpec().getVolumes())
				.anySatisfy((volume) -> assertThat(volume.getSecret().getSecretName())
					.isEqualTo("auth-server-signing-key"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void configurationNamesWhatTheOverlayRuns(String overlay) {
		Rendered rendered = Rendered.overlay(overlay);
		Map<String, String> common = rendered.named(ConfigMap.class, "sagashop-common").getData();
		String bootstrap = common.get("KAFKA_BOOTSTRAP_SERVERS");
		if (overlay.equals("dev")) {
			assertThat(rendered.all(StatefulSet.class)).extracting((s) -> s.getMetadata().getName())
				.contains("sagashop-kafka", "orders-db", "payments-db", "inventory-db", "shipping-db");
			assertThat(rendered.all(io.fabric8.kubernetes.api.model.Service.class))
				.extracting((s) -> s.getMetadata().getName() + ":" + s.getSpec().getPorts().get(0).getPort())
				.contains(bootstrap, "orders-db-rw:5432");
		}
		else {
			Kafka kafka = rendered.all(Kafka.class).get(0);
			assertThat(bootstrap).isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:9092");
			KafkaNodePool pool = rendered.all(KafkaNodePool.class).get(0);
			assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
			assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster",
					kafka.getMetadata().getName());
			assertThat(rendered.generic("Cluster")).hasSize(4);
			assertThat(rendered.named(Ingress.class, "sagashop").getSpec().getTls()).isNotEmpty();
			assertThat(common.get("SAGASHOP_AUTH_ISSUER")).startsWith("https://");
		}
		for (String database : Repository.DATABASES) {
			List<String> urls = new ArrayList<>();
			rendered.named(Deployment.class, Repository.owner(database))
				.getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getEnv()
				.stream()
				.filter((variable) -> variable.getName().equals("DB_URL"))
				.forEach((variable) -> urls.add(variable.getValue()));
			assertThat(urls).containsExactly("jdbc:postgresql://" + database + "-db-rw:5432/" + database);
		}
	}

}
