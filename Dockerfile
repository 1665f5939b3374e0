# Production-like image of the SharingLedger service. PostgreSQL comes from docker-compose.yml, which runs `db-apply`
# (the `migrate` service) before the service starts. Release builds include src/SharingLedger/Internal/Generated and load
# it statically (no Roslyn at start); the environment defaults to Production, so ConnectionStrings__Ledger is required.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/SharingLedger.Kernel/SharingLedger.Kernel.csproj src/SharingLedger.Kernel/
COPY src/SharingLedger/SharingLedger.csproj src/SharingLedger/
RUN dotnet restore src/SharingLedger/SharingLedger.csproj -r linux-x64
# src/ holds everything the service needs, the ISO 18626 schema included (embedded in SharingLedger.dll; its licence is
# published under third-party/). Nothing from outside the repository (../shared) is needed or copied.
COPY src/ src/
# Self-contained, ReadyToRun compiled as one composite image with the .NET and ASP.NET frameworks: the generic code that
# crosses assemblies (async state machines over Npgsql, Marten and Wolverine types) is precompiled too, so a start JITs
# about 1,600 methods instead of 5,900 (cold start 2.9 s -> 1.8 s on a loaded 2-core machine; docs/performance.md).
RUN dotnet publish src/SharingLedger/SharingLedger.csproj -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o /app --no-restore

# The runtime travels with the application, so the base image needs only the native dependencies.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /app .
# The containers' health check (docker-compose*.yml): bash's /dev/tcp asks GET /health/ready, as the image has no curl.
COPY --chmod=755 deploy/ready-check /app/ready-check
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
# The Data Protection key ring's mount point (docker-compose mounts a volume of its own there), writable by the service.
RUN mkdir -p /keys && chown app:app /keys
USER app
ENTRYPOINT ["./SharingLedger"]
