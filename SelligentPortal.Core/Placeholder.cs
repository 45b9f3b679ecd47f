namespace SelligentPortal.Core;

internal static class AssemblyMarker;
