#!/usr/bin/env bash
# Builds and installs a tiny Elasticsearch plugin that answers `GET /` and `HEAD /`.
#
# Why: the only ES 9 distribution on Maven Central (the integ-test-zip) lacks the `rest-root` module, so `GET /`
# answers 405, `es.info()` raises and `es.ping()` is False in the Python client. This plugin gives back the same
# JSON as ES's own root endpoint (name, cluster_name, version.number, tagline, ...), compiled here with javac against
# the jars of the distribution itself: nothing is downloaded.
#
#   deploy/local/es-rest-root.sh ES_HOME JAVA_HOME     (called by services.sh before ES starts; idempotent)
set -euo pipefail
ES_HOME=$1
JAVA_HOME=$2
NAME=vanban-rest-root
DEST=$ES_HOME/plugins/$NAME

es_version=$(ls "$ES_HOME"/lib/elasticsearch-[0-9]*.jar | sed -E 's#.*/elasticsearch-([0-9][^/]*)\.jar#\1#' | head -n1)
[ -n "$es_version" ] || { echo "es-rest-root: cannot find the server jar in $ES_HOME/lib" >&2; exit 1; }
if [ -f "$DEST/plugin-descriptor.properties" ] && grep -q "^elasticsearch.version=$es_version$" "$DEST/plugin-descriptor.properties"; then
    exit 0
fi

java_release=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
[ "${java_release%%.*}" -gt 21 ] && java_release=21
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/src/vanban/es" "$build/classes"
cat >"$build/src/vanban/es/RestRootPlugin.java" <<'JAVA'
package vanban.es;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/** The root endpoint of Elasticsearch (module rest-root), which the integ-test-zip does not ship. */
public class RestRootPlugin extends Plugin implements ActionPlugin {
    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry registry,
            RestController controller, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver resolver, Supplier<DiscoveryNodes> nodes,
            Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler(settings));
    }

    static final class RootHandler extends BaseRestHandler {
        private final Settings settings;

        RootHandler(Settings settings) {
            this.settings = settings;
        }

        @Override
        public String getName() {
            return "vanban_rest_root";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", Node.NODE_NAME_SETTING.get(settings));
                b.field("cluster_name", ClusterName.CLUSTER_NAME_SETTING.get(settings).value());
                b.field("cluster_uuid", "_na_");
                b.startObject("version");
                b.field("number", build.qualifiedVersion());
                b.field("build_flavor", build.flavor());
                b.field("build_type", build.type().displayName());
                b.field("build_hash", build.hash());
                b.field("build_date", build.date());
                b.field("build_snapshot", build.isSnapshot());
                b.field("lucene_version", org.apache.lucene.util.Version.LATEST.toString());
                b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                b.endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            };
        }
    }
}
JAVA
"$JAVA_HOME/bin/javac" -nowarn --release "$java_release" -cp "$ES_HOME/lib/*" -d "$build/classes" \
    "$build/src/vanban/es/RestRootPlugin.java"
"$JAVA_HOME/bin/jar" --create --file "$build/$NAME.jar" -C "$build/classes" .
cat >"$build/plugin-descriptor.properties" <<PROPS
description=GET / and HEAD / (the rest-root module, missing from the integ-test-zip); built by deploy/local
version=$es_version
name=$NAME
classname=vanban.es.RestRootPlugin
java.version=$java_release
elasticsearch.version=$es_version
PROPS
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$build/$NAME.jar" "$build/plugin-descriptor.properties" "$DEST/"
chmod -R a+rX "$DEST"
echo "es-rest-root: installed $DEST (Elasticsearch $es_version)" >&2
