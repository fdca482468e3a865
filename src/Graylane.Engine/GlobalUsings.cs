global using Graylane.Core.Hosting;
